// JSON.parse keeps the last of two equal keys without a word; a safetensors header with two
// tensors of one name is malformed, so the header's text is scanned for repeats.

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);

/**
 * The first key that appears twice in one object of `json`, or undefined. `json` must
 * already be valid JSON (JSON.parse accepted it): the scan relies on that.
 */
export function findDuplicateKey(json: string): string | undefined {
  // One entry per open object (its keys so far) or array (null).
  const open: (Set<string> | null)[] = [];
  let i = 0;
  while (i < json.length) {
    const c = json[i];
    if (c === '"') {
      let end = i + 1;
      while (json[end] !== '"') end += json[end] === '\\' ? 2 : 1;
      let next = end + 1;
      while (WHITESPACE.has(json[next])) next++;
      const keys = open[open.length - 1];
      // A string inside an object followed by ':' is a key; values are followed by ',' or '}'.
      if (keys && json[next] === ':') {
        const key = JSON.parse(json.slice(i, end + 1)) as string;
        if (keys.has(key)) return key;
        keys.add(key);
      }
      i = end + 1;
      continue;
    }
    if (c === '{') open.push(new Set());
    else if (c === '[') open.push(null);
    else if (c === '}' || c === ']') open.pop();
    i++;
  }
  return undefined;
}
