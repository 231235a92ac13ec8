// Whether the WebGPU suites may skip: on a user's machine without an adapter they skip and
// say why; where TESSERA_REQUIRE_WEBGPU=1 (CI) a missing adapter fails them instead.

/** True when the environment demands that the WebGPU suites run. */
export const webgpuRequired = process.env.TESSERA_REQUIRE_WEBGPU === '1';

/** Prints why a WebGPU suite is skipped (or throws, where WebGPU is required). */
export function skipBecause(suite: string, reason: string): void {
  const message = `${suite}: WebGPU suites skipped: ${reason}`;
  if (webgpuRequired) throw new Error(`${message} (TESSERA_REQUIRE_WEBGPU=1 requires them to run)`);
  console.warn(message);
}
