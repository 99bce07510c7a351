// Wire types of the Manifold HTTP API (DESIGN.md §7), written by hand: keep every request
// and response shape here and nowhere else. contract.ts checks them at compile time against
// schema.gen.ts, generated from api/openapi.yaml (`npm run gen:api`).

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
  /** "resource:action" the caller may do under the marketplace's current policy (required in the spec; optional here for older servers). */
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
  /** The organization whose invitation brought this one in. */
  invited_by?: string;
  addresses?: Address[];
  /** Members and operator staff only (absent for others, and when none are declared). */
  beneficial_owners?: BeneficialOwner[];
  /** Members and operator staff only. */
  bank_iban?: string;
  /** Members and operator staff only. */
  stripe_account_id?: string;
  /** Reason of the latest needs_info, reject or block decision. */
  status_reason?: string;
  /** Operator staff only. */
  screening_note?: string;
  submitted_at?: string;
  screened_at?: string;
  decided_at?: string;
  created_at: string;
  updated_at?: string;
}

export type AddressKind = 'registered' | 'billing' | 'shipping' | 'warehouse';

export const ADDRESS_KINDS: readonly AddressKind[] = ['registered', 'billing', 'shipping', 'warehouse'];

/** A company address (api/openapi.yaml `Address`); one registered address at most. */
export interface Address {
  /** Default registered. */
  kind?: AddressKind;
  line1: string;
  line2?: string;
  city: string;
  postal_code?: string;
  region?: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** UN/LOCODE in the address's country (e.g. DEHAM). */
  unlocode?: string;
}

export type BeneficialOwnerKind = 'individual' | 'entity';

export const BENEFICIAL_OWNER_KINDS: readonly BeneficialOwnerKind[] = ['individual', 'entity'];

/** At most this many beneficial owners per organization (api/openapi.yaml `maxItems`). */
export const MAX_BENEFICIAL_OWNERS = 20;

/**
 * A person or company that owns or controls an organization (api/openapi.yaml
 * `BeneficialOwner`), screened with it: each owner is a sanctions check of the
 * organization under the owner's name.
 */
export interface BeneficialOwner {
  /** 2 to 200 characters. */
  name: string;
  /** Default individual. */
  kind?: BeneficialOwnerKind;
  /** Nationality (individual) or country of incorporation (entity), ISO 3166-1 alpha-2. */
  country?: string;
  /** YYYY, YYYY-MM or YYYY-MM-DD; individuals only. */
  birth_date?: string;
  /** Whole percent, 0 to 100 (0: control without shares); all owners' add up to 100 at most. */
  share_pct: number;
}

/** PATCH /api/v1/organizations/{id} body: given fields replace the stored ones ("" clears an optional one). */
export interface OrganizationUpdate {
  legal_name?: string;
  country?: string;
  vat_number?: string;
  eori?: string;
  lei?: string;
  registration_number?: string;
  /** Replaces the list. */
  addresses?: Address[];
  /** Replaces the list (at most 20; shares add up to 100 at most). */
  beneficial_owners?: BeneficialOwner[];
  bank_iban?: string;
  stripe_account_id?: string;
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

// ---- onboarding ----------------------------------------------------------------------

/** Onboarding events (api/openapi.yaml `OnboardingOverview.actions`). */
export type OnboardingAction =
  | 'submit'
  | 'screening_clear'
  | 'screening_potential_match'
  | 'approve'
  | 'request_info'
  | 'reject'
  | 'block';

export interface RequiredDocument {
  type: string;
  label: string;
  uploaded: boolean;
}

/** GET /api/v1/organizations/{id}/onboarding response. */
export interface OnboardingOverview {
  organization_id: string;
  kind: OrganizationKind;
  onboarding_status: OnboardingStatus;
  screening_status: ScreeningStatus;
  invited: boolean;
  /** The reason of the latest needs_info or reject decision. */
  status_reason?: string;
  required_documents: RequiredDocument[];
  /** What submit would refuse for (company data and documents: "documents.<type>"). */
  missing: FieldError[];
  /** Onboarding events the caller may fire now. */
  actions: OnboardingAction[];
}

/** An uploaded onboarding document (api/openapi.yaml `OnboardingDocument`). */
export interface OnboardingDocument {
  id: string;
  organization_id: string;
  type: string;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  uploaded_by?: string;
  created_at: string;
}

export type OnboardingDocumentPage = Page<OnboardingDocument>;

/** POST /api/v1/organizations/{id}/documents multipart form (`OnboardingDocumentUpload`). */
export interface OnboardingDocumentUpload {
  type: string;
  /** A PDF, PNG or JPEG file. */
  file: Blob;
}

// ---- catalog search (api/openapi.yaml `searchCatalog`) --------------------------------

/** An amount in minor units of its currency (api/openapi.yaml `Money`). */
export interface Money {
  amount: number;
  currency: string;
}

/** Query of GET /api/v1/catalog/search; array filters are sent as repeated parameters. */
export interface CatalogSearchParams {
  cursor?: string;
  /** 1 to 100, default 20. */
  limit?: number;
  /** At most 200 characters. */
  q?: string;
  /** ISO 4217; the marketplace currency when absent. */
  currency?: string;
  seller_id?: string[];
  /** ISO 3166-1 alpha-2. */
  origin?: string[];
  /** Two digits. */
  hs_chapter?: string[];
  /** Any of these Incoterms 2020 rules. */
  incoterm?: string[];
  /** Lowest visible price at least this, in minor units. */
  price_min?: number;
  /** Lowest visible price at most this (inclusive), in minor units. */
  price_max?: number;
  /** Only products with (true) or without (false) an offer the caller can order now. */
  available?: boolean;
}

export interface SearchHit {
  id: string;
  sku: string;
  name: string;
  seller_id: string;
  seller_name: string;
  country_of_origin: string;
  hs_chapter: string;
  unit: string;
  /** False only for unpublished products the caller sees as their seller or as staff. */
  published: boolean;
  /** Relevance (higher first); 0 without search text. */
  score: number;
  best_price?: Money;
  incoterms: string[];
  /** The caller can order it now. */
  available: boolean;
  /** Shortest lead time of the orderable offers. */
  lead_time_days?: number;
}

export interface SearchFacetValue {
  value: string;
  label?: string;
  count: number;
}

export interface SearchPriceBucket {
  /** Minor units, inclusive. */
  min: number;
  /** Minor units, exclusive; absent for the open top bucket. */
  max?: number;
  count: number;
}

export interface SearchFacets {
  /** Products matching the search and every filter (10,000 when capped: a lower bound). */
  total: number;
  /** The search read 10,000 matches and stopped (there may be more): the counts cover those (show "10,000+"). Always sent by the API. */
  capped?: boolean;
  seller: SearchFacetValue[];
  origin: SearchFacetValue[];
  hs_chapter: SearchFacetValue[];
  incoterm: SearchFacetValue[];
  price: SearchPriceBucket[];
  available: { true: number; false: number };
}

/** GET /api/v1/catalog/search response. */
export interface SearchResult {
  items: SearchHit[];
  facets: SearchFacets;
  next_cursor: string;
  /** Currency of prices and price buckets. */
  currency: string;
}

// ---- consignees (api/openapi.yaml `Consignee*`) ---------------------------------------

/** A postal address of a party (api/openapi.yaml `PostalAddress`). */
export interface PostalAddress {
  line1: string;
  line2?: string;
  city: string;
  postal_code?: string;
  region?: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** UN/LOCODE in the address's country (e.g. NLRTM). */
  unlocode?: string;
}

/**
 * Screening of a consignee or end user (api/openapi.yaml `ScreeningStatus`). Not the same
 * enum as an organization's screening_status, which says not_screened.
 */
export type PartyScreeningStatus = 'unscreened' | 'pending' | 'clear' | 'potential_match' | 'blocked';

export type Industry =
  | 'chemicals'
  | 'pharmaceuticals'
  | 'food_and_beverage'
  | 'electronics'
  | 'research_and_education'
  | 'healthcare'
  | 'energy'
  | 'agriculture'
  | 'manufacturing'
  | 'distribution'
  | 'other';

export const INDUSTRIES: readonly Industry[] = [
  'chemicals',
  'pharmaceuticals',
  'food_and_beverage',
  'electronics',
  'research_and_education',
  'healthcare',
  'energy',
  'agriculture',
  'manufacturing',
  'distribution',
  'other',
];

export interface ConsigneeContact {
  name?: string;
  email?: string;
  phone?: string;
}

export interface EndUserInput {
  /** The consignee is the end user (then leave name and address out). */
  is_consignee: boolean;
  name?: string;
  address?: PostalAddress;
  /** What the goods are used for. */
  end_use: string;
  /** One of the Industry enum. */
  industry: string;
}

export type ConsigneeStatus = 'active' | 'archived';

/** POST /api/v1/organizations/{id}/consignees and PUT /api/v1/consignees/{id} body. */
export interface ConsigneeInput {
  name: string;
  address: PostalAddress;
  contact?: ConsigneeContact;
  end_user: EndUserInput;
  /** Default active. */
  status?: ConsigneeStatus;
}

export interface EndUser {
  is_consignee: boolean;
  name: string;
  country: string;
  address: PostalAddress;
  end_use: string;
  industry: Industry;
  screening_status: PartyScreeningStatus;
}

export interface Consignee {
  id: string;
  organization_id: string;
  name: string;
  address: PostalAddress;
  contact: ConsigneeContact;
  end_user: EndUser;
  status: ConsigneeStatus;
  screening_status: PartyScreeningStatus;
  created_at: string;
  updated_at: string;
}

export type ConsigneePage = Page<Consignee>;

export interface ConsigneeListParams extends PageParams {
  status?: ConsigneeStatus;
}

// ---- distributors (api/openapi.yaml `Hub*`, `ServiceRegion*`, `DistributorLink*`) -----

/**
 * ambient 15–25 °C, cold_chain 2–8 °C, frozen −25 to −15 °C, deep_frozen below −60 °C,
 * hazmat (dangerous goods), bonded (customs warehouse), pharma_gdp.
 */
export type HubCapability = 'ambient' | 'cold_chain' | 'frozen' | 'deep_frozen' | 'hazmat' | 'bonded' | 'pharma_gdp';

export const HUB_CAPABILITIES: readonly HubCapability[] = ['ambient', 'cold_chain', 'frozen', 'deep_frozen', 'hazmat', 'bonded', 'pharma_gdp'];

/** POST /api/v1/organizations/{id}/hubs and PUT /api/v1/hubs/{id} body. */
export interface HubInput {
  name: string;
  /** Needs a UN/LOCODE whose country part is the address's country. */
  address: PostalAddress;
  capabilities?: string[];
  /** Default true. */
  active?: boolean;
}

export interface Hub {
  id: string;
  distributor_id: string;
  name: string;
  address: PostalAddress;
  unlocode: string;
  capabilities: HubCapability[];
  active: boolean;
  created_at: string;
  updated_at: string;
}

export type HubPage = Page<Hub>;

/** POST /api/v1/organizations/{id}/service-regions and PUT /api/v1/service-regions/{id} body. */
export interface ServiceRegionInput {
  name: string;
  /** ISO 3166-1 alpha-2. */
  countries: string[];
  /** Served from this hub of the distributor; absent: from any. */
  hub_id?: string;
}

export interface ServiceRegion {
  id: string;
  distributor_id: string;
  name: string;
  countries: string[];
  hub_id?: string;
  created_at: string;
  updated_at: string;
}

export type ServiceRegionPage = Page<ServiceRegion>;

/** POST /api/v1/distributor-links body. */
export interface DistributorLinkInput {
  distributor_id: string;
  /** The seller or buyer served. */
  organization_id: string;
}

export type DistributorLinkStatus = 'active' | 'ended';

export interface DistributorLink {
  id: string;
  distributor_id: string;
  /** The distributor's legal name. */
  distributor_name: string;
  organization_id: string;
  /** The served seller's or buyer's legal name. */
  organization_name: string;
  /** The served organization's kind. */
  kind: 'seller' | 'buyer';
  status: DistributorLinkStatus;
  created_by?: string;
  ended_at?: string;
  ended_by?: string;
  created_at: string;
  updated_at: string;
}

export type DistributorLinkPage = Page<DistributorLink>;

export interface DistributorLinkListParams extends PageParams {
  distributor_id?: string;
  organization_id?: string;
  status?: DistributorLinkStatus;
}

// ---- compliance: checks, the review queue, ad hoc screenings (api/openapi.yaml) -------

/**
 * What was checked: a party of the marketplace, an order (red flags), an order line
 * (export control), or a name typed in ad hoc.
 */
export type CheckSubjectType = 'organization' | 'consignee' | 'end_user' | 'order' | 'order_line' | 'adhoc';

/** sanctions: a name against the lists; export_control: an order line; red_flags: an order. */
export type CheckKind = 'sanctions' | 'export_control' | 'red_flags';

export const CHECK_KINDS: readonly CheckKind[] = ['sanctions', 'export_control', 'red_flags'];

export type CheckOutcome = 'clear' | 'potential_match' | 'licence_required' | 'blocked';

/** open: in the review queue; closed: clear from the start, or reviewed. */
export type CheckStatus = 'open' | 'closed';

export type CheckDecision = 'none' | 'false_positive' | 'confirmed';

/** A reviewer's decision (POST /api/v1/compliance/checks/{id}/review). */
export type ReviewDecision = Exclude<CheckDecision, 'none'>;

export type ListEntryKind = 'unknown' | 'individual' | 'entity' | 'vessel' | 'aircraft';

export interface ListEntryAlias {
  name: string;
  type: 'aka' | 'fka' | 'nka';
  quality?: 'strong' | 'weak';
  /** "original" for a name in its non-Latin original script. */
  script?: string;
}

export interface ListEntryDocument {
  type: string;
  number: string;
  country?: string;
  note?: string;
}

export interface ListEntryVessel {
  imo?: string;
  mmsi?: string;
  call_sign?: string;
  type?: string;
  flag?: string;
  owner?: string;
  tonnage?: string;
}

/**
 * A list entry as it read when screened (api/openapi.yaml `ListEntry`). Countries are
 * ISO 3166-1 alpha-2 where the list allows, else the name as published; addresses are
 * one line each, their country by name. Long lists are cut and `truncated` says so.
 */
export interface ListEntry {
  kind: ListEntryKind;
  title?: string;
  aliases?: ListEntryAlias[];
  /** "1964", "1964-03", "1964-03-12", or the list's own text ("circa 1960"). */
  birth_dates?: string[];
  birth_places?: string[];
  nationalities?: string[];
  citizenships?: string[];
  gender?: string;
  addresses?: string[];
  documents?: ListEntryDocument[];
  vessel?: ListEntryVessel;
  listed_on?: string;
  remarks?: string;
  truncated?: boolean;
}

/** One potential match (api/openapi.yaml `CheckMatch`). */
export interface CheckMatch {
  /** List id, e.g. us_ofac_sdn. */
  list: string;
  entity_id: string;
  /** The entry's primary name. */
  name: string;
  /** The primary name or the alias that matched. */
  matched_name: string;
  /** 0 to 1. */
  score: number;
  programs?: string[];
  /** One line: which name matched as what, the name score, token pairs, adjustments. */
  why?: string;
  entry_hash: string;
  /** In a check's detail and in ad hoc screenings; lists of checks leave it out. */
  entry?: ListEntry;
}

// ---- export control and red flags (api/openapi.yaml `CheckDetails`, `Determination`) --

/** The export-control engine's answer (api/openapi.yaml `Determination.outcome`). */
export type ExportOutcome = 'no_licence_required' | 'licence_required' | 'prohibited' | 'manual_review' | 'not_an_export';

/** An order line's outcome under one regime to one destination: the engine's, or covered by a seller licence. */
export type LineOutcome = ExportOutcome | 'covered_by_licence';

export interface DeterminationReason {
  /** A chart reason ("NS2"), a rule ("EU-ART3", "746.2"), "UNKNOWN_ECCN", ... */
  code: string;
  text: string;
  citation: string;
  /** The control applies only to paragraphs or parameters the request did not give. */
  may_apply?: boolean;
}

/** A licence exception (EAR) or general authorisation (EU) to verify, with its conditions. */
export interface DeterminationAuthorisation {
  code: string;
  conditions: string;
  citation: string;
}

export interface CoveringLicence {
  id?: string;
  number: string;
  regime: string;
}

/** One seller licence held against the line: covers, or the reasons it does not. */
export interface LicenceEvaluation {
  id?: string;
  number: string;
  covers: boolean;
  reasons: string[];
}

/** The seller's licences matched against an order line (api/openapi.yaml `LicenceCoverage`). */
export interface LicenceCoverage {
  covering?: CoveringLicence;
  evaluations: LicenceEvaluation[];
  notes: string[];
}

/** Does this export need a licence, and why (api/openapi.yaml `Determination`). */
export interface Determination {
  regime: string;
  classification: string;
  destination: string;
  /** False only when no licence is needed; manual_review counts as required. */
  licence_required: boolean;
  outcome: ExportOutcome;
  reasons: DeterminationReason[];
  licence_exceptions: DeterminationAuthorisation[];
  general_authorisations: DeterminationAuthorisation[];
  covering_licence?: CoveringLicence;
  notes: string[];
  /** The date of the regulation text the US reference data reflects. */
  data_as_of?: string;
  seller_id?: string;
  licence_coverage?: LicenceCoverage;
}

export type ExportRegime = 'us_ear' | 'eu_dual_use';

/** One regime's answer for an order line to one destination. */
export interface LineDetermination {
  regime: ExportRegime;
  classification: string;
  destination: string;
  outcome: LineOutcome;
  determination: Determination;
  /** Present when a licence is required (or the case needs manual review). */
  licence_coverage?: LicenceCoverage;
}

export type RedFlagCode = 'destination_differs' | 'forwarder_consignee' | 'third_country_payment' | 'no_end_use_statement';

/** A red-flag rule that fired on an order, with what it saw. */
export interface RedFlag {
  code: RedFlagCode;
  text: string;
  evidence?: Record<string, string>;
}

/** What an export-control or red-flag check decided and why; only in a check's detail. */
export interface CheckDetails {
  /** export_control: one per regime and destination of the order line. */
  determinations?: LineDetermination[];
  /** red_flags: the rules that fired. */
  flags?: RedFlag[];
  /** export_control: no US or EU export-control regime governs the line. */
  no_regime?: boolean;
}

/** A screening or order check and its review (api/openapi.yaml `ComplianceCheck`). */
export interface ComplianceCheck {
  id: string;
  subject_type: CheckSubjectType;
  /**
   * The organization, or the consignee (also for its end user), the order (red flags) or
   * the order line (export control); absent for ad hoc names.
   */
  subject_id?: string;
  /** The order the check was made for. */
  order_id?: string;
  /**
   * The name as screened (for an organization's beneficial owner, the owner's name); the
   * product and SKU of an order line; the buyer of an order.
   */
  subject_name: string;
  /** As screened; an order line's or order's destination. */
  subject_country?: string;
  /** The kind screened with the name (individual, entity, …), when given. */
  subject_kind?: string;
  /** The birth date screened with the name (YYYY[-MM[-DD]]), when given. */
  subject_birth_date?: string;
  kind: CheckKind;
  /** export_control and red_flags, in a check's detail only (lists leave it out). */
  details?: CheckDetails;
  /** List id → version used. */
  list_versions: Record<string, string>;
  matches: CheckMatch[];
  /** Matches dropped because an officer cleared them for this subject before. */
  suppressed: number;
  outcome: CheckOutcome;
  status: CheckStatus;
  decision: CheckDecision;
  reviewed_by?: string;
  reviewed_at?: string;
  review_reason?: string;
  created_at: string;
}

export type ComplianceCheckPage = Page<ComplianceCheck>;

/** Query of GET /api/v1/compliance/checks (oldest first). */
export interface ComplianceCheckListParams extends PageParams {
  status?: CheckStatus;
  kind?: CheckKind;
  subject_id?: string;
  /** The checks made for one order. */
  order_id?: string;
}

/** POST /api/v1/compliance/checks/{id}/review body. */
export interface ComplianceReview {
  decision: ReviewDecision;
  /** 3 to 2,000 characters. */
  reason: string;
}

export type ScreeningKind = 'individual' | 'entity' | 'vessel' | 'aircraft';

export const SCREENING_KINDS: readonly ScreeningKind[] = ['individual', 'entity', 'vessel', 'aircraft'];

/** POST /api/v1/screenings body. */
export interface ScreeningRequest {
  name: string;
  kind?: ScreeningKind;
  /** ISO 3166-1 alpha-2 (or a country name the server knows). */
  country?: string;
  /** YYYY, YYYY-MM or YYYY-MM-DD. */
  birth_date?: string;
}

/** POST /api/v1/screenings response: nothing is stored. */
export interface ScreeningResponse {
  decision: 'clear' | 'potential_match';
  matches: CheckMatch[];
  list_versions: Record<string, string>;
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
