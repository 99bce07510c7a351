import { Link } from 'react-router-dom';
import type { Organization } from '../api/types';
import { Badge, Mono, StatusBadge } from './ui';

export function OrganizationsTable({ items }: { items: Organization[] }) {
  return (
    <table className="table">
      <thead>
        <tr>
          <th>Legal name</th>
          <th>Kind</th>
          <th>Country</th>
          <th>Onboarding</th>
          <th>Screening</th>
          <th>Id</th>
        </tr>
      </thead>
      <tbody>
        {items.map((o) => (
          <tr key={o.id}>
            <td>
              <Link to={`/organizations/${o.id}`}>{o.legal_name}</Link>
            </td>
            <td>
              <Badge>{o.kind}</Badge>
            </td>
            <td>{o.country || <span className="muted">—</span>}</td>
            <td>
              <StatusBadge value={o.onboarding_status} />
            </td>
            <td>
              <StatusBadge value={o.screening_status} />
            </td>
            <td>
              <Mono>{o.id}</Mono>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
