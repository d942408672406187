import type { ChildProcess } from "node:child_process";

/** Every child process the bench started, so that an interrupted run can end them (by pid) on its way out. */
const children = new Set<ChildProcess>();

export function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}

/** SIGKILLs every tracked child still running. */
export function killTracked(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
}

/** On SIGINT/SIGTERM: end every child, then exit (130). */
export function killChildrenOnSignal(): void {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: stopping the bench's child processes`);
      killTracked();
      process.exit(130);
    });
  }
}
