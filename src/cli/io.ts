/** The streams a command writes to; injected so tests call the CLI as a function. */
export interface CliIO {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
  /** true when stderr is a terminal (progress lines may then be rewritten in place) */
  stderrIsTTY?: boolean;
}

export function line(stream: { write(s: string): unknown }, text = ''): void {
  stream.write(`${text}\n`);
}
