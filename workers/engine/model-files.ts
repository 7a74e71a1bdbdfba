/** The shipped model files, from this site's `models/`, fetched once per worker (a backend switch reloads from memory). */
const fetched = new Map<string, Promise<ArrayBuffer>>();

export function readModelFile(path: string): Promise<ArrayBuffer> {
  let file = fetched.get(path);
  if (!file) {
    file = fetch(`${import.meta.env.BASE_URL}models/${path}`).then((response) => {
      if (!response.ok) throw new Error(`models/${path} could not be downloaded (HTTP ${response.status}).`);
      return response.arrayBuffer();
    });
    file.catch(() => fetched.delete(path));
    fetched.set(path, file);
  }
  return file;
}
