import { DataTable } from "@/components/ui/data-table";
import { figureValue, FIGURE_ORDER, type FigureName, type RecoveryFigures } from "@/lib/incidents";
import { eventAnchor, refLabel } from "./format";
import { ErrorText } from "@/components/ui/error-text";

/**
 * The recovery figures, computed on the server from the timeline's own records: each row says how
 * it was computed and links the records it rests on (to their rows below, when loaded).
 */
export function FiguresTable({ figures, error, live }: { figures: RecoveryFigures | undefined; error: string | null; live: boolean }) {
  return (
    <section aria-labelledby="figures-heading" className="flex flex-col gap-2">
      <h2 id="figures-heading" className="text-xl font-bold">
        Recovery figures
      </h2>
      <p className="text-sm text-slate-700 dark:text-slate-300">
        {live ? "As of now, refreshed every 10 s while the incident is open." : "Final: computed from the records of the closed incident."} Exports carry the same figures.
      </p>
      {error ? (
        <ErrorText>
          Could not compute the figures: {error}
        </ErrorText>
      ) : null}
      <DataTable
        caption="Recovery figures with the records each was computed from"
        hideCaption
        columns={["Figure", "Value", "How", "Records"]}
        empty={figures === undefined ? (error ? "No figures." : "Computing…") : null}
      >
        {figures ? FIGURE_ORDER.map((name) => <FigureRow key={name} name={name} figure={figures[name]} />) : null}
      </DataTable>
    </section>
  );
}

function FigureRow({ name, figure }: { name: FigureName; figure: RecoveryFigures[FigureName] }) {
  return (
    <tr data-testid="figure" data-figure={name} className="border-b border-slate-100 align-top last:border-b-0 dark:border-slate-800">
      <th scope="row" className="px-3 py-2 text-left font-semibold">
        {figure.label}
      </th>
      <td className="px-3 py-2 tabular-nums" data-testid="figure-value">
        {figureValue(figure)}
      </td>
      <td className="px-3 py-2">{figure.explanation}</td>
      <td className="px-3 py-2">
        {figure.refs.length === 0 ? (
          "—"
        ) : (
          <ul>
            {figure.refs.map((ref) => (
              <li key={`${ref.table}-${ref.id}`}>
                <a href={`#${eventAnchor(ref)}`} className="text-sky-700 underline dark:text-sky-400">
                  {refLabel(ref)}
                </a>
              </li>
            ))}
          </ul>
        )}
      </td>
    </tr>
  );
}
