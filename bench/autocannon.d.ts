declare module 'autocannon' {
  interface Result {
    latency: { p50: number; p97_5: number; p99: number; [k: string]: number };
    requests: { average: number };
    non2xx: number;
    errors: number;
  }
  function autocannon(opts: { url: string; connections: number; duration: number }): Promise<Result>;
  export default autocannon;
}
