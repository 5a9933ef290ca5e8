/**
 * A modal confirmation (the native `<dialog>`: focus moves into it, Escape cancels). Its title
 * names it for assistive technology; the confirming button says what it does.
 */
import { useEffect, useId, useRef, type ReactNode } from 'react';

export function ConfirmDialog(props: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  busy?: boolean;
  error?: string | null;
  /** A further action (e.g. "Remove anyway"), shown when given. */
  extra?: { label: string; onClick: () => void } | null;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      className="confirm-dialog"
      onCancel={(event) => {
        event.preventDefault();
        props.onCancel();
      }}
    >
      <h2 id={titleId}>{props.title}</h2>
      <div>{props.children}</div>
      {props.error ? (
        <p role="alert" className="error-text">
          {props.error}
        </p>
      ) : null}
      <div className="toolbar dialog-actions">
        {props.extra ? (
          <button type="button" className="danger" onClick={props.extra.onClick} disabled={props.busy}>
            {props.extra.label}
          </button>
        ) : (
          <button type="button" className="danger" onClick={props.onConfirm} disabled={props.busy}>
            {props.confirmLabel}
          </button>
        )}
        <button type="button" className="secondary" onClick={props.onCancel} autoFocus>
          Cancel
        </button>
      </div>
    </dialog>
  );
}
