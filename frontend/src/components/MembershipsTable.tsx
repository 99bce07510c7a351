import { Link } from 'react-router-dom';
import type { MeOrganization } from '../api/types';
import { roleDuties, roleLabel } from '../shell/personas';
import { Badge, EmptyState, Mono } from './ui';

/** The current user's organizations and the role held in each. */
export function MembershipsTable({ memberships, showKind = true }: { memberships: MeOrganization[]; showKind?: boolean }) {
  if (memberships.length === 0) return <EmptyState>No organization memberships.</EmptyState>;
  return (
    <table className="table">
      <thead>
        <tr>
          <th>Organization</th>
          {showKind && <th>Kind</th>}
          <th>Role</th>
          <th>Responsibilities</th>
          <th>Id</th>
        </tr>
      </thead>
      <tbody>
        {memberships.map((m) => (
          <tr key={`${m.id}:${m.role}`}>
            <td>
              <Link to={`/organizations/${m.id}`}>{m.legal_name}</Link>
            </td>
            {showKind && (
              <td>
                <Badge>{m.kind}</Badge>
              </td>
            )}
            <td title={m.role}>{roleLabel(m.role)}</td>
            <td className="muted">{roleDuties(m.role)}</td>
            <td>
              <Mono>{m.id}</Mono>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
