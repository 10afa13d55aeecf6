import "server-only";

export { AutoOpener, autoOpen, type AutoOpenerDeps } from "./auto-open";
export { closeIncident } from "./close";
export { declare } from "./declare";
export { exportIncident, incidentFigures, render, type IncidentExportFile } from "./export";
export { computeFigures, FigureCollector, type FigureContext } from "./figures";
export { addNote } from "./notes";
export { exportOptions, exportResponse, parseExportQuery, parseListQuery, timelineResponse, type IncidentDeps } from "./requests";
export { getIncident, getIncidentDetail, listIncidents } from "./rows";
export { incidentWindow, scanTimeline, timelinePage, timelineWindow, TIMELINE_LEAD_MS } from "./timeline";
export { updateIncident } from "./update";
