/** The machine a benchmark ran on, printed with the table so figures can be compared fairly. */
import * as os from 'node:os';

export interface MachineInfo {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGb: number;
  readonly node: string;
  readonly platform: string;
}

/** CPU model, logical cores, memory, Node version and OS of this process's machine. */
export function describeMachine(): MachineInfo {
  const cpus = os.cpus();
  const model = cpus[0]?.model.trim() || 'unknown CPU';
  const speed = cpus[0]?.speed ? ` @ ${(cpus[0].speed / 1000).toFixed(2)} GHz` : '';
  return {
    cpu: `${model}${speed}`,
    cores: cpus.length,
    memoryGb: os.totalmem() / 2 ** 30,
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
  };
}

/** One line for the README: "AMD EPYC, 2 cores, 23.5 GiB, Node v20.20.2, Linux 6.1 x64". */
export function formatMachine(m: MachineInfo): string {
  return `${m.cpu}, ${m.cores} cores, ${m.memoryGb.toFixed(1)} GiB RAM, Node ${m.node}, ${m.platform}`;
}
