/**
 * Cutting a stream of SSE frames at every byte boundary, in few runs.
 *
 * Cutting the bytes in two at each position costs one run of the whole stream per byte. But a
 * streaming SSE consumer (eventsource-parser and the decoders in front of it) holds no bytes
 * between events: a cut changes how the one frame it falls in reaches the parser, and nothing
 * before or after that frame. So cuts that fall in different frames can share a run, and a run
 * that cuts every frame at the same offset tests as much as one run per cut does. Run j cuts
 * every frame j bytes after its start (offset 0 is the boundary between two frames), so the runs
 * are as many as the longest frame has bytes, and together they cut at every byte boundary of
 * the stream, mid-line, mid-field and mid-UTF-8 character included.
 *
 * `differingCuts` runs such lists, and when one differs re-runs each of its cuts alone (cut in
 * two), so a failure names the bytes where it happens.
 */

/** The bytes cut at the given positions (ascending, each inside the bytes). */
export function cutAt(bytes: Uint8Array, offsets: readonly number[]): Uint8Array[] {
  const bounds = [0, ...offsets, bytes.length];
  return bounds.slice(1).map((end, index) => bytes.subarray(bounds[index], end));
}

/**
 * Cut lists for the concatenation of `frames` (their byte lengths, in order): list j holds the
 * position j bytes into every frame longer than j. Every position from 1 to the total length
 * minus 1 is in exactly one list.
 */
export function frameCutLists(frames: readonly { length: number }[]): number[][] {
  const starts: number[] = [];
  let at = 0;
  for (const frame of frames) {
    starts.push(at);
    at += frame.length;
  }
  const longest = Math.max(0, ...frames.map((frame) => frame.length));
  const lists: number[][] = [];
  for (let offset = 0; offset < longest; offset++) {
    const list: number[] = [];
    frames.forEach((frame, index) => {
      const cut = starts[index] + offset;
      if (offset < frame.length && cut > 0) list.push(cut);
    });
    if (list.length > 0) lists.push(list);
  }
  return lists;
}

/** Differing lists whose cuts are re-run one at a time; past that a failure only lists them. */
const DIAGNOSED_LISTS = 3;

/**
 * The cuts whose result differs from `reference`: each list is run once (`run` gets the pieces
 * and returns a comparable text). The first few lists that differ are run again one cut at a
 * time, and the cuts that differ on their own are named (`"1234"`), or the whole list
 * (`"12,340,977"`) when none does alone; later ones are named as lists (`"12,340,977"`) without
 * the re-runs. Empty when every list gives the reference.
 */
export async function differingCuts(
  bytes: Uint8Array,
  lists: readonly (readonly number[])[],
  run: (pieces: Uint8Array[]) => string | Promise<string>,
  reference: string,
): Promise<string[]> {
  const differing: string[] = [];
  let diagnosed = 0;
  for (const list of lists) {
    if ((await run(cutAt(bytes, list))) === reference) continue;
    const alone: string[] = [];
    if (diagnosed++ < DIAGNOSED_LISTS) for (const cut of list) if ((await run(cutAt(bytes, [cut]))) !== reference) alone.push(String(cut));
    differing.push(...(alone.length > 0 ? alone : [list.join(',')]));
  }
  return differing;
}
