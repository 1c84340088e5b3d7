import { once } from 'node:events';

/** Write text pieces to a stream, waiting whenever it asks to (a pipe to `jq` or a CI log can be slow). */
export async function writeChunks(stream: NodeJS.WritableStream, chunks: Iterable<string>): Promise<void> {
  for (const chunk of chunks) {
    if (!stream.write(chunk)) await once(stream, 'drain');
  }
}
