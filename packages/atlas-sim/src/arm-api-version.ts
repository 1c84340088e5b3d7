import { azureError, type SimResponse } from './sim-response.js';

/** ARM's answer to a missing or unpublished `api-version` (the CloudError codes ARM uses), or nothing if it is fine. */
export function checkArmApiVersion(query: URLSearchParams, published: readonly string[]): SimResponse | undefined {
  const apiVersion = query.get('api-version');
  if (!apiVersion)
    return azureError(
      400,
      'MissingApiVersionParameter',
      'The api-version query parameter (?api-version=) is required for all requests.',
    );
  if (published.includes(apiVersion)) return undefined;
  return azureError(
    400,
    'InvalidApiVersionParameter',
    `The api-version '${apiVersion}' is invalid. The supported versions are '${published.join(',')}'.`,
  );
}
