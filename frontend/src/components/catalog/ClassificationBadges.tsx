import type { ProductData } from '../../api/types';
import { Badge } from '../ui';
import { isControlledUS, isDualUseEU } from './productFields';

/**
 * The export classification as two badges. A listed EU dual-use code or a US ECCN other
 * than EAR99 is highlighted: such goods need an export-control determination per order.
 */
export function ClassificationBadges({
  product,
  compact = false,
}: {
  product: Pick<ProductData, 'eu_classification' | 'us_classification'>;
  /** Only the controlled codes, or a muted "not controlled". */
  compact?: boolean;
}) {
  const eu = product.eu_classification || 'not_listed';
  const us = product.us_classification || 'EAR99';
  const euListed = isDualUseEU(eu);
  const usControlled = isControlledUS(us);
  if (compact) {
    if (!euListed && !usControlled) return <span className="muted small">not controlled</span>;
    return (
      <span className="badge-row classification">
        {euListed && (
          <Badge tone="danger" title={`EU Annex I ${eu}`}>
            EU {eu}
          </Badge>
        )}
        {usControlled && (
          <Badge tone="warning" title={`US ECCN ${us}`}>
            US {us}
          </Badge>
        )}
      </span>
    );
  }
  return (
    <span className="badge-row classification">
      {euListed || usControlled ? (
        <Badge tone="danger" title="Dual-use: export licence may be required">
          Dual-use
        </Badge>
      ) : null}
      <Badge tone={euListed ? 'danger' : 'neutral'} title={euListed ? `EU Annex I ${eu}` : 'Not listed in EU Annex I'}>
        EU {euListed ? eu : 'not listed'}
      </Badge>
      <Badge tone={usControlled ? 'warning' : 'neutral'} title={usControlled ? `US ECCN ${us}` : 'EAR99: not on the Commerce Control List'}>
        US {us}
      </Badge>
    </span>
  );
}
