/**
 * A YAML parser message that is safe to show. Most of the `yaml` package's messages are fixed text;
 * the few that quote the source (an escape sequence, a tag, a block scalar header, an unexpected
 * token) are replaced by a fixed sentence, because that source may be part of a secret. The location
 * (file:line:column) still says exactly where the problem is.
 */
export function syntaxMessage(code: string, message: string): string {
  const first = message.split('\n', 1)[0] ?? message;
  switch (code) {
    case 'BAD_DQ_ESCAPE':
      return 'Invalid escape sequence in a double-quoted string';
    case 'TAG_RESOLVE_FAILED':
    case 'BAD_COLLECTION_TYPE':
      return 'Unknown or unsuitable tag; desired-state files use plain YAML without tags';
    case 'BAD_DIRECTIVE':
      return 'Invalid %YAML or %TAG directive';
    case 'UNEXPECTED_TOKEN':
      // "Unexpected , in flow map" and "Unexpected scalar at node end" name a token kind; others quote text.
      return /^Unexpected (\S{1,3} in flow \w+|\S{1,3} in collection|[a-z-]+ at node end|[a-z-]+ token)$/.test(first)
        ? first
        : 'Unexpected content here';
    default:
      return first;
  }
}
