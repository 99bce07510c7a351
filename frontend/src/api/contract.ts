// Checks, at compile time (tsc --noEmit, part of `npm run build`), that the SPA's
// hand-written API types (types.ts) agree with the OpenAPI contract (schema.gen.ts,
// generated from api/openapi.yaml by `npm run gen:api`): every body the API may send
// fits the SPA's type, and every body the SPA sends fits the API's. A field renamed,
// retyped or made nullable in the spec without the SPA following fails the build here.
import type { components } from './schema.gen';
import type * as T from './types';

type S = components['schemas'];
/** Resolves only when A is assignable to B. */
type Fits<A, B> = [A] extends [B] ? true : { error: 'does not fit'; from: A; to: B };
/** Resolves only when every field the SPA's type names is in the contract's (an optional
 * field renamed on one side would still fit). */
type Known<H, G> = [Exclude<keyof H, keyof G>] extends [never]
  ? true
  : { error: 'fields the contract does not have'; fields: Exclude<keyof H, keyof G> };
/** The API sends G, the SPA reads it as H. */
type Reads<G, H> = Fits<G, H> extends true ? Known<H, G> : Fits<G, H>;
/** The SPA sends H, the API reads it as G. */
type Sends<H, G> = Fits<H, G> extends true ? Known<H, G> : Fits<H, G>;
type Ok<X extends true> = X;

/** Responses: what the API sends fits what the SPA reads. */
export type Responses = [
  Ok<Reads<S['MarketplaceModel'], T.MarketplaceModel>>,
  Ok<Reads<S['OrganizationKind'], T.OrganizationKind>>,
  Ok<Reads<S['Role'], T.Role>>,
  // The spec's ScreeningStatus is a party's (consignee, end user): the SPA's PartyScreeningStatus.
  // The SPA's ScreeningStatus is an organization's.
  Ok<Reads<S['ScreeningStatus'], T.PartyScreeningStatus>>,
  Ok<Reads<S['Organization']['screening_status'], T.ScreeningStatus>>,
  Ok<Reads<S['MeOrganization'], T.MeOrganization>>,
  Ok<Reads<S['Token'], T.TokenResponse>>,
  Ok<Reads<S['Me'], T.Me>>,
  Ok<Reads<S['Organization'], T.Organization>>,
  Ok<Reads<S['Address'], T.Address>>,
  Ok<Reads<S['BeneficialOwner'], T.BeneficialOwner>>,
  Ok<Reads<S['CurationStatus'], T.CurationStatus>>,
  Ok<Reads<S['CoASpec'], T.CoASpec>>,
  Ok<Reads<S['Packaging'], T.Packaging>>,
  Ok<Reads<S['ProductData'], T.ProductData>>,
  Ok<Reads<S['Product'], T.Product>>,
  Ok<Reads<S['ProductPage'], T.ProductPage>>,
  Ok<Reads<S['ProductRevision'], T.ProductRevision>>,
  Ok<Reads<S['ProductRevisionList'], T.ProductRevisionList>>,
  Ok<Reads<S['OnboardingOverview'], T.OnboardingOverview>>,
  Ok<Reads<S['OnboardingDocument'], T.OnboardingDocument>>,
  Ok<Reads<S['OnboardingDocumentPage'], T.OnboardingDocumentPage>>,
  Ok<Reads<S['Money'], T.Money>>,
  Ok<Reads<S['SearchHit'], T.SearchHit>>,
  Ok<Reads<S['SearchFacetValue'], T.SearchFacetValue>>,
  Ok<Reads<S['SearchPriceBucket'], T.SearchPriceBucket>>,
  Ok<Reads<S['SearchFacets'], T.SearchFacets>>,
  Ok<Reads<S['SearchResult'], T.SearchResult>>,
  Ok<Reads<S['PostalAddress'], T.PostalAddress>>,
  Ok<Reads<S['Industry'], T.Industry>>,
  Ok<Reads<S['ConsigneeContact'], T.ConsigneeContact>>,
  Ok<Reads<S['EndUser'], T.EndUser>>,
  Ok<Reads<S['Consignee'], T.Consignee>>,
  Ok<Reads<S['ConsigneePage'], T.ConsigneePage>>,
  Ok<Reads<S['HubCapability'], T.HubCapability>>,
  Ok<Reads<S['Hub'], T.Hub>>,
  Ok<Reads<S['HubPage'], T.HubPage>>,
  Ok<Reads<S['ServiceRegion'], T.ServiceRegion>>,
  Ok<Reads<S['ServiceRegionPage'], T.ServiceRegionPage>>,
  Ok<Reads<S['DistributorLink'], T.DistributorLink>>,
  Ok<Reads<S['DistributorLinkPage'], T.DistributorLinkPage>>,
  Ok<Reads<S['ListEntry'], T.ListEntry>>,
  Ok<Reads<S['CheckMatch'], T.CheckMatch>>,
  Ok<Reads<S['DeterminationReason'], T.DeterminationReason>>,
  Ok<Reads<S['DeterminationAuthorisation'], T.DeterminationAuthorisation>>,
  Ok<Reads<S['CoveringLicence'], T.CoveringLicence>>,
  Ok<Reads<S['LicenceCoverage'], T.LicenceCoverage>>,
  Ok<Reads<S['Determination'], T.Determination>>,
  Ok<Reads<S['CheckDetails'], T.CheckDetails>>,
  Ok<Reads<S['ComplianceCheck'], T.ComplianceCheck>>,
  Ok<Reads<S['ComplianceCheckPage'], T.ComplianceCheckPage>>,
  Ok<Reads<S['ScreeningResponse'], T.ScreeningResponse>>,
  Ok<Reads<S['FieldError'], T.FieldError>>,
  Ok<Reads<S['Problem'], T.Problem>>,
];

/** Requests: what the SPA sends fits what the API accepts. */
export type Requests = [
  Ok<Sends<T.LoginRequest, S['LoginRequest']>>,
  Ok<Sends<T.OrganizationUpdate, S['OrganizationUpdate']>>,
  Ok<Sends<T.ProductCreate, S['ProductCreate']>>,
  Ok<Sends<T.CurationDecision, S['CurationDecision']>>,
  // A multipart form: the file is a Blob in the browser, the spec's binary string on the wire.
  Ok<Sends<Omit<T.OnboardingDocumentUpload, 'file'>, Omit<S['OnboardingDocumentUpload'], 'file'>>>,
  Ok<Sends<T.EndUserInput, S['EndUserInput']>>,
  Ok<Sends<T.ConsigneeInput, S['ConsigneeInput']>>,
  Ok<Sends<T.HubInput, S['HubInput']>>,
  Ok<Sends<T.ServiceRegionInput, S['ServiceRegionInput']>>,
  Ok<Sends<T.DistributorLinkInput, S['DistributorLinkInput']>>,
  Ok<Sends<T.ComplianceReview, S['ComplianceReview']>>,
  Ok<Sends<T.ScreeningRequest, S['ScreeningRequest']>>,
];
