/**
 * The JSON Schema of one page of an Azure list (`x-ms-pageable`): `value`, the items, and `nextLink`, the URL of
 * the next page (absent on the last). Closed, like the item schemas of the contracts. `required` lists the fields a
 * contract marks required.
 */
export function azurePage(item: object, required: readonly string[] = []): object {
  return {
    type: 'object',
    additionalProperties: false,
    ...(required.length > 0 ? { required: [...required] } : {}),
    properties: { value: { type: 'array', items: item }, nextLink: { type: 'string' } },
  };
}
