"use client";

import { useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { z } from "zod";
import { apiGet, sendJson } from "@/lib/api-client";
import { Incident, IncidentDetail, Note, RecoveryFigures, type CloseInput, type IncidentInput, type IncidentUpdate, type NoteInput } from "@/lib/incidents";
import { queryKeys } from "@/lib/query-keys";

const IncidentsResponse = z.object({ incidents: z.array(Incident) });
const IncidentResponse = z.object({ incident: Incident });
const NoteResponse = z.object({ note: Note });
const FiguresResponse = z.object({ incident: Incident, figures: RecoveryFigures });

/** How often an open incident is re-read: another operator may close it, take command or add a note. */
export const INCIDENT_POLL_MS = 3_000;
/** The header's check for an open incident (one may be opened automatically at any moment). */
export const OPEN_INCIDENT_POLL_MS = 5_000;
/** Figures scan the whole window: refreshed less often than the timeline. */
export const FIGURES_POLL_MS = 10_000;

const path = (id: string, rest = "") => `/api/incidents/${encodeURIComponent(id)}${rest}`;

/**
 * Re-reads everything about incidents except the loaded timeline pages: their tail query fetches
 * what changed (a note, the close record) after the last loaded event.
 */
function refreshIncidents(queryClient: QueryClient): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: queryKeys.incidents(), predicate: ({ queryKey }) => queryKey[1] !== "timeline" || queryKey[4] === "tail" });
}

/** The open incident, or null: the header shows it on every page. */
export function useOpenIncident(initial?: Incident | null) {
  return useQuery({
    queryKey: queryKeys.openIncident(),
    queryFn: async () => (await apiGet("/api/incidents?status=open&limit=1", IncidentsResponse)).incidents[0] ?? null,
    initialData: initial,
    staleTime: 2_000,
    refetchInterval: OPEN_INCIDENT_POLL_MS,
    refetchIntervalInBackground: true,
  });
}

/** The newest incidents, open and closed. */
export function useIncidents(limit: number, initial?: Incident[]) {
  return useQuery({
    queryKey: queryKeys.incidentList(limit),
    queryFn: async () => (await apiGet(`/api/incidents?limit=${limit}`, IncidentsResponse)).incidents,
    initialData: initial,
    staleTime: 2_000,
    refetchInterval: OPEN_INCIDENT_POLL_MS,
  });
}

/**
 * One incident and its notes, polled while it is open. When it closes — here or in another
 * browser — everything about incidents is read once more: the timeline's tail brings the close
 * record, the figures become final, the header's banner goes.
 */
export function useIncident(id: string, initial?: IncidentDetail) {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: queryKeys.incident(id),
    queryFn: () => apiGet(path(id), IncidentDetail),
    initialData: initial,
    staleTime: 1_000,
    refetchInterval: (q) => (q.state.data?.incident.status === "closed" ? false : INCIDENT_POLL_MS),
  });
  const status = query.data?.incident.status;
  const was = useRef(status);
  useEffect(() => {
    if (was.current === "open" && status === "closed") void refreshIncidents(queryClient);
    was.current = status;
  }, [status, queryClient]);
  return query;
}

/** The recovery figures as of now, each with its records; refreshed while the incident is open. */
export function useFigures(id: string, open: boolean) {
  return useQuery({
    queryKey: queryKeys.incidentFigures(id),
    queryFn: async () => (await apiGet(path(id, "/figures"), FiguresResponse)).figures,
    staleTime: 2_000,
    refetchInterval: open ? FIGURES_POLL_MS : false,
  });
}

/** Declare an incident; the reply is the new incident (a second open one is refused with 409, naming it). */
export function useDeclare() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: IncidentInput) => (await sendJson("/api/incidents", input, IncidentResponse)).incident,
    onSettled: () => refreshIncidents(queryClient),
  });
}

export type IncidentChange = { kind: "update"; input: IncidentUpdate } | { kind: "close"; input: CloseInput } | { kind: "note"; input: NoteInput };


/** Take command, change severity or title, close, or add a note. */
export function useIncidentChange(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (change: IncidentChange): Promise<void> => {
      if (change.kind === "update") await sendJson(path(id), change.input, IncidentResponse, "PATCH");
      else if (change.kind === "close") await sendJson(path(id, "/close"), change.input, IncidentResponse);
      else await sendJson(path(id, "/notes"), change.input, NoteResponse);
    },
    onSettled: () => refreshIncidents(queryClient),
  });
}
