/**
 * A plain `<table>` from column definitions: a caption (for its accessible name), a header row,
 * one row per item, and a message when there are none. Rows can be clickable (then each row is
 * also reachable by keyboard).
 */
import type { ReactNode } from 'react';

/** One column: its header and how a row shows it. */
export interface Column<T> {
  header: string;
  cell: (row: T) => ReactNode;
  /** Right-aligned (numbers). */
  numeric?: boolean;
}

export function DataTable<T>(props: {
  caption: string;
  columns: readonly Column<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  empty?: ReactNode;
  onRowClick?: (row: T) => void;
  /** Hide the caption visually (it still names the table). */
  hideCaption?: boolean;
}) {
  const { caption, columns, rows, rowKey, empty, onRowClick, hideCaption } = props;
  return (
    <table className="data-table">
      <caption className={hideCaption ? 'visually-hidden' : undefined}>{caption}</caption>
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column.header} scope="col" className={column.numeric ? 'numeric' : undefined}>
              {column.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 ? (
          <tr>
            <td colSpan={columns.length} className="muted">
              {empty ?? 'Nothing yet.'}
            </td>
          </tr>
        ) : (
          rows.map((row) => (
            <tr
              key={rowKey(row)}
              className={onRowClick ? 'clickable' : undefined}
              onClick={onRowClick ? () => onRowClick(row) : undefined}
              onKeyDown={onRowClick ? (event) => (event.key === 'Enter' ? onRowClick(row) : undefined) : undefined}
              tabIndex={onRowClick ? 0 : undefined}
            >
              {columns.map((column) => (
                <td key={column.header} className={column.numeric ? 'numeric' : undefined}>
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}
