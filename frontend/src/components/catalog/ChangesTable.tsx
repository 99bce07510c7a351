import type { ProductChange } from '../../api/types';
import { EmptyState } from '../ui';
import { expandChanges, fieldLabel, formatValue } from './productFields';

/** Per-field differences: nested CoA and packaging changes are shown cell by cell. */
export function ChangesTable({ changes, emptyText = 'No changes.' }: { changes: ProductChange[]; emptyText?: string }) {
  const rows = expandChanges(changes);
  if (rows.length === 0) return <EmptyState>{emptyText}</EmptyState>;
  return (
    <table className="table table-dense diff">
      <thead>
        <tr>
          <th>Field</th>
          <th>Before</th>
          <th>After</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((c) => {
          const before = formatValue(c.before);
          const after = formatValue(c.after);
          return (
            <tr key={c.field}>
              <td className="nowrap" title={c.field}>
                {fieldLabel(c.field)}
              </td>
              <td className="diff-before">{before !== undefined ? <del>{before}</del> : <span className="muted">—</span>}</td>
              <td className="diff-after">{after !== undefined ? <ins>{after}</ins> : <span className="muted">—</span>}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
