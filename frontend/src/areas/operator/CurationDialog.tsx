import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { isApiError } from '../../api/client';
import { useCurateProduct } from '../../api/queries';
import type { CurationDecision, CurationVerdict, FieldComment, Problem, Product, ProductRevision } from '../../api/types';
import { commentableFields, expandChanges, fieldLabel } from '../../components/catalog/productFields';

const VERDICTS: { value: CurationVerdict; label: string; help: string }[] = [
  { value: 'approve', label: 'Approve', help: 'Publish this revision: buyers see it at once.' },
  { value: 'request_changes', label: 'Request changes', help: 'Send it back to the seller with a comment per field.' },
  { value: 'reject', label: 'Reject', help: 'Refuse this revision. The seller sees your reason.' },
];

interface CommentDraft {
  key: number;
  field: string;
  comment: string;
}

let nextKey = 1;
const blankComment = (field = ''): CommentDraft => ({ key: nextKey++, field, comment: '' });

/**
 * The curator's decision on a submitted revision. Rejecting needs a reason and requesting
 * changes at least one comment on a field; both are checked here before the call, and any
 * field error the server returns is shown at its input.
 */
export function CurationDialog({
  product,
  revision,
  initialDecision,
  onClose,
  onDone,
}: {
  product: Product;
  revision: ProductRevision;
  initialDecision: CurationVerdict;
  onClose: () => void;
  onDone: (p: Product, decision: CurationVerdict) => void;
}) {
  const [decision, setDecision] = useState<CurationVerdict>(initialDecision);
  const [reason, setReason] = useState('');
  const [comments, setComments] = useState<CommentDraft[]>(() => [blankComment()]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<Problem | null>(null);
  const curate = useCurateProduct();
  const ids = { title: useId(), reason: useId(), base: useId() };
  const firstField = useRef<HTMLInputElement>(null);

  useEffect(() => {
    firstField.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);

  const changed = [...new Set(expandChanges(revision.changes).map((c) => c.field))];
  const others = commentableFields(revision.data).filter((f) => !changed.includes(f));

  function validate(): { decision: CurationDecision | null; errors: Record<string, string> } {
    const errs: Record<string, string> = {};
    const body: CurationDecision = { decision };
    const why = reason.trim();
    if (why) body.reason = why;
    if (decision === 'reject' && !why) errs['/reason'] = 'Give a reason for rejecting: the seller sees it.';
    if (decision === 'request_changes') {
      const filled: FieldComment[] = [];
      comments.forEach((c, i) => {
        const text = c.comment.trim();
        if (!c.field && !text) return;
        if (!c.field) errs[`/comments/${i}/field`] = 'Pick the field this comment is about.';
        else if (!text) errs[`/comments/${i}/comment`] = 'Write what should change.';
        else filled.push({ field: c.field, comment: text });
      });
      if (filled.length === 0 && Object.keys(errs).length === 0) {
        errs['/comments'] = 'Add at least one comment: pick a field and write what should change.';
      }
      body.comments = filled;
    }
    return { decision: Object.keys(errs).length ? null : body, errors: errs };
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    setProblem(null);
    const v = validate();
    setErrors(v.errors);
    if (!v.decision) return;
    curate.mutate(
      { id: product.id, decision: v.decision },
      {
        onSuccess: (p) => onDone(p, decision),
        onError: (err) => {
          if (!isApiError(err)) return;
          setProblem(err.problem);
          const byField: Record<string, string> = {};
          for (const [k, m] of Object.entries(err.fieldErrorsByPointer())) byField[k] = m.join('; ');
          // The server names a bad comment as "/comments/1"; show it at that comment's text.
          for (const k of Object.keys(byField)) {
            if (/^\/comments\/\d+$/.test(k)) byField[`${k}/comment`] = byField[k]!;
          }
          setErrors(byField);
        },
      },
    );
  }

  const errorProps = (key: string) =>
    errors[key] ? { 'aria-invalid': true as const, 'aria-describedby': `${ids.base}${key.replace(/\W/g, '_')}` } : {};
  const errorText = (key: string) =>
    errors[key] ? (
      <p className="field-error" id={`${ids.base}${key.replace(/\W/g, '_')}`}>
        {errors[key]}
      </p>
    ) : null;

  const verdict = VERDICTS.find((v) => v.value === decision)!;

  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="modal" role="dialog" aria-modal="true" aria-labelledby={ids.title}>
        <form onSubmit={onSubmit} noValidate>
          <div className="modal-header">
            <h2 id={ids.title}>
              {verdict.label}: {product.sku} revision {revision.number}
            </h2>
            <button type="button" className="btn btn-small btn-quiet" onClick={onClose} aria-label="Close">
              ×
            </button>
          </div>
          <div className="modal-body form">
            <div className="segmented" role="radiogroup" aria-label="Decision">
              {VERDICTS.map((v) => (
                <label key={v.value} className={decision === v.value ? 'segment active' : 'segment'}>
                  <input
                    ref={v.value === initialDecision ? firstField : undefined}
                    type="radio"
                    name="decision"
                    value={v.value}
                    checked={decision === v.value}
                    onChange={() => {
                      setDecision(v.value);
                      setErrors({});
                      setProblem(null);
                    }}
                  />
                  {v.label}
                </label>
              ))}
            </div>
            <p className="muted small">{verdict.help}</p>

            {problem && (
              <div className="notice notice-error" role="alert">
                <strong>{problem.title}</strong>
                {problem.detail && <div>{problem.detail}</div>}
              </div>
            )}

            {decision === 'request_changes' && (
              <fieldset className="comments">
                <legend>Comments per field</legend>
                {errors['/comments'] && (
                  <p className="field-error" role="alert">
                    {errors['/comments']}
                  </p>
                )}
                {comments.map((c, i) => (
                  <div className="comment-row" key={c.key}>
                    <div className="field">
                      <label htmlFor={`${ids.base}c${c.key}f`}>Field {comments.length > 1 ? i + 1 : ''}</label>
                      <select
                        id={`${ids.base}c${c.key}f`}
                        value={c.field}
                        onChange={(e) => {
                          const v = e.target.value;
                          setComments((cs) => cs.map((x) => (x.key === c.key ? { ...x, field: v } : x)));
                        }}
                        {...errorProps(`/comments/${i}/field`)}
                      >
                        <option value="">Pick a field…</option>
                        {changed.length > 0 && (
                          <optgroup label={`Changed in revision ${revision.number}`}>
                            {changed.map((f) => (
                              <option key={f} value={f}>
                                {fieldLabel(f)}
                              </option>
                            ))}
                          </optgroup>
                        )}
                        <optgroup label="All fields">
                          {others.map((f) => (
                            <option key={f} value={f}>
                              {fieldLabel(f)}
                            </option>
                          ))}
                        </optgroup>
                      </select>
                      {errorText(`/comments/${i}/field`)}
                    </div>
                    <div className="field comment-text">
                      <label htmlFor={`${ids.base}c${c.key}t`}>Comment {comments.length > 1 ? i + 1 : ''}</label>
                      <textarea
                        id={`${ids.base}c${c.key}t`}
                        rows={2}
                        value={c.comment}
                        onChange={(e) => {
                          const v = e.target.value;
                          setComments((cs) => cs.map((x) => (x.key === c.key ? { ...x, comment: v } : x)));
                        }}
                        {...errorProps(`/comments/${i}/comment`)}
                      />
                      {errorText(`/comments/${i}/comment`)}
                    </div>
                    {comments.length > 1 && (
                      <button
                        type="button"
                        className="btn btn-small btn-quiet comment-remove"
                        aria-label={`Remove comment ${i + 1}`}
                        onClick={() => setComments((cs) => cs.filter((x) => x.key !== c.key))}
                      >
                        Remove
                      </button>
                    )}
                  </div>
                ))}
                <button type="button" className="btn btn-small" onClick={() => setComments((cs) => [...cs, blankComment()])}>
                  Add comment
                </button>
              </fieldset>
            )}

            <div className="field">
              <label htmlFor={ids.reason}>
                {decision === 'reject' ? 'Reason' : decision === 'request_changes' ? 'Summary (optional)' : 'Note (optional)'}
              </label>
              <textarea
                id={ids.reason}
                rows={3}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                {...errorProps('/reason')}
              />
              {errorText('/reason')}
            </div>
          </div>
          <div className="modal-footer">
            <button type="button" className="btn" onClick={onClose}>
              Cancel
            </button>
            <button
              type="submit"
              className={decision === 'reject' ? 'btn btn-danger' : 'btn btn-primary'}
              disabled={curate.isPending}
            >
              {curate.isPending ? 'Sending…' : `Confirm: ${verdict.label.toLowerCase()}`}
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
