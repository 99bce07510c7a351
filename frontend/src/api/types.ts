// Wire types of the Manifold HTTP API (DESIGN.md §7), written by hand for now. This is the
// one file to replace once types are generated from api/openapi.yaml: keep every request
// and response shape here and nowhere else.

/** Marketplace model of a tenant (DESIGN.md §4). */
export type MarketplaceModel = 'closed_portal' | 'curated' | 'distributor_led';

export type OrganizationKind = 'seller' | 'buyer' | 'distributor' | 'operator';

/** Roles of DESIGN.md §3. Unknown strings are tolerated so a new server role does not break the UI. */
export type Role =
  | 'platform_admin'
  | 'marketplace_admin'
  | 'compliance_officer'
  | 'ops_agent'
  | 'seller_admin'
  | 'seller_catalog'
  | 'seller_ops'
  | 'buyer_admin'
  | 'buyer_purchaser'
  | 'buyer_approver'
  | 'distributor_admin'
  | 'distributor_ops';

export type OnboardingStatus =
  | 'draft'
  | 'submitted'
  | 'screening'
  | 'approved'
  | 'needs_info'
  | 'rejected'
  | 'blocked';

export type ScreeningStatus = 'not_screened' | 'pending' | 'clear' | 'potential_match' | 'blocked';

// ---- auth ----------------------------------------------------------------------------

/** POST /api/v1/auth/login request body. */
export interface LoginRequest {
  tenant: string;
  email: string;
  password: string;
}

/** POST /api/v1/auth/login 200 response. */
export interface TokenResponse {
  access_token: string;
  token_type: string; // "Bearer"
  expires_in: number; // seconds
}

// ---- me ------------------------------------------------------------------------------

export interface MeUser {
  id: string;
  email: string;
  name: string;
}

/** A marketplace (api/openapi.yaml `Tenant`). */
export interface MeTenant {
  id: string;
  slug: string;
  name: string;
  model: MarketplaceModel;
  default_currency: string; // ISO 4217
  commission_bps: number;
  compliance_level: 'standard' | 'heightened';
  created_at: string;
}

/** The API key a machine client called with (api/openapi.yaml `APIKey`). */
export interface MeAPIKey {
  id: string;
  name: string;
  prefix: string;
  organization_id: string;
  role: Role;
  created_at: string;
  expires_at?: string;
  revoked_at?: string;
  last_used_at?: string;
}

/** One membership of the current user: the organization and the role held in it. */
export interface MeOrganization {
  id: string;
  kind: OrganizationKind;
  legal_name: string;
  role: Role;
}

/** GET /api/v1/me response. `user` is absent when the caller is an API key (`api_key` instead). */
export interface Me {
  user?: MeUser;
  api_key?: MeAPIKey;
  tenant: MeTenant;
  organizations: MeOrganization[];
  roles: Role[];
}

// ---- organizations -------------------------------------------------------------------

/** An organization as listed by GET /api/v1/organizations and returned by GET /api/v1/organizations/{id}. */
export interface Organization {
  id: string;
  kind: OrganizationKind;
  legal_name: string;
  country: string; // ISO 3166-1 alpha-2
  onboarding_status: OnboardingStatus;
  screening_status: ScreeningStatus;
  vat_number?: string;
  eori?: string;
  lei?: string;
  registration_number?: string;
  invited: boolean;
  created_at: string;
}

/** Query of GET /api/v1/organizations. */
export interface OrganizationListParams extends PageParams {
  kind?: OrganizationKind;
}

// ---- common --------------------------------------------------------------------------

/** Every list endpoint answers a page; an empty next_cursor means the last page. */
export interface Page<T> {
  items: T[];
  next_cursor: string;
}

export interface PageParams {
  cursor?: string;
  limit?: number;
}

/** One invalid field of a validation problem (a JSON pointer or a plain field name). */
export interface FieldError {
  field: string;
  message: string;
}

/** RFC 7807 application/problem+json body. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  request_id?: string;
  errors?: FieldError[];
}
