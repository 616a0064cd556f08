declare module 'autocannon' {
  interface Result {
    latency: { p50: number; p97_5: number; p99: number; [k: string]: number };
    requests: { average: number };
    non2xx: number;
    errors: number;
  }
  interface RequestSpec {
    path?: string;
    method?: string;
    setupRequest?: (req: { path?: string; [k: string]: unknown }) => { path?: string; [k: string]: unknown };
  }
  function autocannon(opts: { url: string; connections: number; duration: number; requests?: RequestSpec[] }): Promise<Result>;
  export default autocannon;
}
