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
  /** "resource:action" the caller may do under the marketplace's current policy. */
  permissions?: string[];
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

// ---- catalog -------------------------------------------------------------------------

/** Where a product (or one of its revisions) stands in curation (api/openapi.yaml `CurationStatus`). */
export type CurationStatus = 'draft' | 'submitted' | 'approved' | 'changes_requested' | 'rejected';

export const CURATION_STATUSES: readonly CurationStatus[] = ['draft', 'submitted', 'approved', 'changes_requested', 'rejected'];

/** One row of a certificate-of-analysis specification: a numeric range or a text requirement. */
export interface CoASpec {
  parameter: string;
  method?: string;
  unit?: string;
  /** Decimal number as a string. */
  min?: string;
  /** Decimal number as a string. */
  max?: string;
  text?: string;
}

export interface Packaging {
  /** UN/ECE Rec 21 package code. */
  type?: string;
  description?: string;
  net_qty?: string;
  per_pallet?: number;
}

/** A product's editable master data (PUT /api/v1/products/{id} body, a revision's data). */
export interface ProductData {
  name: string;
  description?: string;
  /** 6 to 10 digits; the server strips dots and spaces. */
  hs_code: string;
  country_of_origin: string;
  /** EU Annex I code (e.g. 1C350) or "not_listed". Blank is stored as not_listed. */
  eu_classification?: string;
  /** US ECCN (e.g. 3A001.a.1) or "EAR99". Blank is stored as EAR99. */
  us_classification?: string;
  /** UN/ECE Rec 20 unit code (KGM, LTR, H87, ...). */
  unit: string;
  net_weight_g?: number;
  gross_weight_g?: number;
  length_mm?: number;
  width_mm?: number;
  height_mm?: number;
  hazmat_un_number?: string;
  shelf_life_days?: number;
  packaging?: Packaging;
  coa_spec?: CoASpec[];
}

/** POST /api/v1/products body. */
export interface ProductCreate extends ProductData {
  sku: string;
  /** Needed only when the caller manages several sellers' catalogs. */
  seller_id?: string;
}

/** A product as returned by the catalog endpoints: identity, curation state and its live master data. */
export interface Product extends ProductData {
  id: string;
  sku: string;
  seller_id: string;
  curation_status: CurationStatus;
  /** Newest revision. */
  revision: number;
  /** The revision buyers see (0: not published). */
  approved_revision: number;
  created_at: string;
  updated_at: string;
}

export type ProductPage = Page<Product>;

/** Query of GET /api/v1/products. */
export interface ProductListParams extends PageParams {
  /** Matches name, SKU and description (case-insensitive). */
  q?: string;
  seller_id?: string;
  status?: CurationStatus;
}

/** A curator's comment on one field (a JSON pointer into the product). */
export interface FieldComment {
  field: string;
  comment: string;
}

export type CurationVerdict = 'approve' | 'request_changes' | 'reject';

/** POST /api/v1/products/{id}/curation body. */
export interface CurationDecision {
  decision: CurationVerdict;
  /** Required to reject. */
  reason?: string;
  /** At least one to request changes. */
  comments?: FieldComment[];
}

/** One field (JSON pointer) that differs from the previous approved revision. */
export interface ProductChange {
  field: string;
  before?: unknown;
  after?: unknown;
}

export interface ProductRevision {
  number: number;
  status: CurationStatus;
  data: ProductData;
  changes: ProductChange[];
  submitted_at?: string;
  reviewed_at?: string;
  review_reason?: string;
  comments?: FieldComment[];
  created_at: string;
}

/** GET /api/v1/products/{id}/revisions response: newest first. */
export interface ProductRevisionList {
  items: ProductRevision[];
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
