/** The fewest characters of an id's end shown in a label. */
const MIN_TAIL = 4;
/** The characters of an id's start shown in a label: people recognise their organisation's ids by them. */
const HEAD = 4;

/**
 * A short form of every project id of a run that tells them apart: `66c9…20e9`. Atlas ids made close together
 * share their start (a timestamp), so the end grows, beyond four characters, until no two ids of the run read the
 * same; an id too short to shorten is shown whole. The same ids always give the same labels, in any order.
 */
export function distinguishingIds(projectIds: readonly string[]): Map<string, string> {
  const ids = [...new Set(projectIds)];
  const longest = Math.max(0, ...ids.map((id) => id.length));
  for (let tail = MIN_TAIL; tail <= longest; tail += 1) {
    const labels = new Map(ids.map((id) => [id, shortId(id, tail)]));
    if (new Set(labels.values()).size === ids.length) return labels;
  }
  return new Map(ids.map((id) => [id, id]));
}

function shortId(id: string, tail: number): string {
  // Shortening must save room: an ellipsis that hides one character is longer than the character.
  return id.length <= HEAD + tail + 1 ? id : `${id.slice(0, HEAD)}…${id.slice(-tail)}`;
}
