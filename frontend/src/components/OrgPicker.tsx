import { useSearchParams } from 'react-router-dom';
import type { MeOrganization } from '../api/types';

/**
 * Which of the user's organizations a page works on: `?org=` in the URL, else the first.
 * Returns the id and a select to switch (only when there is a choice).
 */
export function useOrgParam(orgs: MeOrganization[], label = 'Organization') {
  const [params, setParams] = useSearchParams();
  const unique = orgs.filter((o, i) => orgs.findIndex((x) => x.id === o.id) === i);
  const wanted = params.get('org');
  const orgId = unique.find((o) => o.id === wanted)?.id ?? unique[0]?.id ?? '';
  const picker =
    unique.length > 1 ? (
      <label className="inline-label">
        {label}
        <select
          value={orgId}
          onChange={(e) =>
            setParams(
              (prev) => {
                const next = new URLSearchParams(prev);
                next.set('org', e.target.value);
                return next;
              },
              { replace: true },
            )
          }
        >
          {unique.map((o) => (
            <option key={o.id} value={o.id}>
              {o.legal_name}
            </option>
          ))}
        </select>
      </label>
    ) : null;
  return { orgId, org: unique.find((o) => o.id === orgId), picker };
}
