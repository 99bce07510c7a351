import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { isApiError } from '../../api/client';
import { useReviewComplianceCheck } from '../../api/queries';
import type { ComplianceCheck, Problem, ReviewDecision } from '../../api/types';
import { consequence, reviewWords, type SubjectContext } from './reviewWords';

const REASON_MIN = 3;
const REASON_MAX = 2000;

const DECISIONS: readonly ReviewDecision[] = ['false_positive', 'confirmed'];

function without(errors: Record<string, string>, key: string): Record<string, string> {
  const next = { ...errors };
  delete next[key];
  return next;
}

/**
 * The officer's decision on an open check, with a reason. Confirming blocks the party (or
 * the order), so it takes one more deliberate step: ticking that the block is meant. A 409
 * (someone reviewed the check first) is handed to the page, which refreshes the queue.
 */
export function ReviewDialog({
  check,
  subject,
  initialDecision,
  onClose,
  onDone,
  onConflict,
}: {
  check: ComplianceCheck;
  subject?: SubjectContext;
  initialDecision: ReviewDecision;
  onClose: () => void;
  onDone: (c: ComplianceCheck, decision: ReviewDecision) => void;
  onConflict: (p: Problem) => void;
}) {
  const [decision, setDecision] = useState<ReviewDecision>(initialDecision);
  const [reason, setReason] = useState('');
  const [meant, setMeant] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<Problem | null>(null);
  const review = useReviewComplianceCheck();
  const ids = { title: useId(), reason: useId(), meant: useId(), base: useId() };
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const words = reviewWords(check, subject);

  useEffect(() => {
    reasonRef.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);

  function validate(): Record<string, string> {
    const errs: Record<string, string> = {};
    const why = reason.trim();
    if ([...why].length < REASON_MIN) errs['/reason'] = 'Say why (at least 3 characters): the decision and its reason are audited.';
    else if ([...why].length > REASON_MAX) errs['/reason'] = `At most ${REASON_MAX} characters.`;
    if (decision === 'confirmed' && !meant) errs['/confirm'] = words.tickMissing;
    return errs;
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    setProblem(null);
    const errs = validate();
    setErrors(errs);
    if (Object.keys(errs).length) return;
    review.mutate(
      { check, review: { decision, reason: reason.trim() } },
      {
        onSuccess: (c) => onDone(c, decision),
        onError: (err) => {
          if (!isApiError(err)) return;
          if (err.status === 409) {
            onConflict(err.problem);
            return;
          }
          setProblem(err.problem);
          const byField: Record<string, string> = {};
          for (const [k, m] of Object.entries(err.fieldErrorsByPointer())) byField[k] = m.join('; ');
          setErrors(byField);
        },
      },
    );
  }

  const errorId = (key: string) => `${ids.base}${key.replace(/\W/g, '_')}`;
  const errorProps = (key: string) => (errors[key] ? { 'aria-invalid': true as const, 'aria-describedby': errorId(key) } : {});
  const errorText = (key: string) =>
    errors[key] ? (
      <p className="field-error" id={errorId(key)}>
        {errors[key]}
      </p>
    ) : null;
  const unplaced = Object.entries(errors).filter(([k]) => k !== '/reason' && k !== '/confirm');

  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="modal" role="dialog" aria-modal="true" aria-labelledby={ids.title}>
        <form onSubmit={onSubmit} noValidate>
          <div className="modal-header">
            <h2 id={ids.title}>
              {words.title[decision]}: {check.subject_name}
            </h2>
            <button type="button" className="btn btn-small btn-quiet" onClick={onClose} aria-label="Close">
              ×
            </button>
          </div>
          <div className="modal-body form">
            <div className="segmented" role="radiogroup" aria-label="Decision">
              {DECISIONS.map((d) => (
                <label key={d} className={decision === d ? 'segment active' : 'segment'}>
                  <input
                    type="radio"
                    name="decision"
                    value={d}
                    checked={decision === d}
                    onChange={() => {
                      setDecision(d);
                      setErrors({});
                      setProblem(null);
                    }}
                  />
                  {words.decision[d]}
                </label>
              ))}
            </div>
            <p className={decision === 'confirmed' ? 'notice notice-warning' : 'muted small'}>{consequence(check, decision, subject)}</p>

            {problem && (
              <div className="notice notice-error" role="alert">
                <strong>{problem.title}</strong>
                {problem.detail && <div>{problem.detail}</div>}
                {unplaced.length > 0 && (
                  <ul className="notice-list">
                    {unplaced.map(([k, m]) => (
                      <li key={k}>
                        <code className="mono">{k}</code> {m}
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            )}

            <div className="field">
              <label htmlFor={ids.reason}>Reason</label>
              <textarea
                ref={reasonRef}
                id={ids.reason}
                rows={3}
                maxLength={REASON_MAX}
                value={reason}
                placeholder={words.placeholder[decision]}
                onChange={(e) => {
                  setReason(e.target.value);
                  if (errors['/reason']) setErrors((es) => without(es, '/reason'));
                }}
                {...errorProps('/reason')}
              />
              {errorText('/reason')}
            </div>

            {decision === 'confirmed' && (
              <div className="field">
                <label className="checkbox-line" htmlFor={ids.meant}>
                  <input
                    id={ids.meant}
                    type="checkbox"
                    checked={meant}
                    onChange={(e) => {
                      setMeant(e.target.checked);
                      if (errors['/confirm']) setErrors((es) => without(es, '/confirm'));
                    }}
                    {...errorProps('/confirm')}
                  />
                  {words.tick}
                </label>
                {errorText('/confirm')}
              </div>
            )}
          </div>
          <div className="modal-footer">
            <button type="button" className="btn" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" className={decision === 'confirmed' ? 'btn btn-danger' : 'btn btn-primary'} disabled={review.isPending}>
              {review.isPending ? 'Sending…' : words.submit[decision]}
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
