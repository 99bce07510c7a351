import { useSubmitProduct } from '../../api/queries';
import type { MarketplaceModel, Product } from '../../api/types';
import { isApiError } from '../../api/client';

/** Only a draft or a revision with requested changes can be sent on. */
export function canSubmit(p: Pick<Product, 'curation_status'>): boolean {
  return p.curation_status === 'draft' || p.curation_status === 'changes_requested';
}

/**
 * Sends the newest revision to curation (curated marketplaces: "Submit for review") or
 * publishes it at once (other models: "Publish").
 */
export function SubmitProductButton({
  product,
  model,
  disabled,
  disabledReason,
  onDone,
}: {
  product: Product;
  model: MarketplaceModel;
  disabled?: boolean;
  disabledReason?: string;
  onDone?: (p: Product) => void;
}) {
  const submit = useSubmitProduct();
  const label = model === 'curated' ? 'Submit for review' : 'Publish';
  if (!canSubmit(product)) return null;
  const blocked = disabled;
  return (
    <>
      <button
        type="button"
        className="btn btn-primary"
        disabled={blocked || submit.isPending}
        title={blocked ? disabledReason : undefined}
        onClick={() => submit.mutate(product.id, { onSuccess: (p) => onDone?.(p) })}
      >
        {submit.isPending ? (model === 'curated' ? 'Submitting…' : 'Publishing…') : label}
      </button>
      {submit.isError && (
        <span className="inline-error" role="alert">
          {isApiError(submit.error) ? submit.error.problem.detail || submit.error.problem.title : String(submit.error)}
        </span>
      )}
    </>
  );
}
