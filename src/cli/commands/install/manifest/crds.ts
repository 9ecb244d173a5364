import { manifestCommand } from './_render-command.js';

export default manifestCommand(
  'crds',
  'Print the install.tetrate.io CRDs (their schema is the one CRs are validated with)',
  'Prints CustomResourceDefinitions for ManagementPlane, ControlPlane, IngressGateway, EgressGateway and Tier1Gateway. Their openAPIV3Schema is exactly the schema `tctl install manifest` checks CRs against, TSB-only fields included (meshbridge accepts and ignores those).',
  ['tctl install manifest crds | kubectl apply -f -'],
);
