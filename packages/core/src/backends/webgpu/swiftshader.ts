// Node on a machine without a GPU: Debian's `chromium` package ships SwiftShader, a Vulkan
// implementation on the CPU, and Dawn runs on it when the Vulkan loader is pointed at its
// driver manifest. This file does that pointing, so that tests and command-line tools work
// on such machines without the user setting VK_ICD_FILENAMES by hand.

/** The SwiftShader driver manifest and the Vulkan loader that Debian's chromium installs. */
const CHROMIUM_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
const CHROMIUM_VULKAN_LOADER = '/usr/lib/chromium/libvulkan.so.1';
/** Where distributions put the system Vulkan loader (package libvulkan1 and the like). */
const SYSTEM_VULKAN_LOADERS = [
  '/usr/lib/x86_64-linux-gnu/libvulkan.so.1',
  '/usr/lib/aarch64-linux-gnu/libvulkan.so.1',
  '/usr/lib64/libvulkan.so.1',
  '/usr/lib/libvulkan.so.1',
];
/** glibc's RTLD_NODELETE, which `os.constants.dlopen` does not list. */
const RTLD_NODELETE = 0x1000;

interface NodeProcess {
  env: Record<string, string | undefined>;
  platform: string;
  dlopen(module: { exports: unknown }, filename: string, flags?: number): void;
}

/**
 * Points the Vulkan loader at Chromium's SwiftShader when the user has not chosen a driver
 * and the files exist; returns whether it did. Dawn reads VK_ICD_FILENAMES each time it
 * creates an instance, so the caller creates a new one afterwards.
 *
 * Dawn opens the loader by its soname `libvulkan.so.1`. Where the system has none, the copy
 * inside Chromium's directory is loaded first (with RTLD_NODELETE, so it stays even though
 * it is not a Node addon) and Dawn's dlopen finds it already resident.
 */
export async function useChromiumSwiftShader(): Promise<boolean> {
  const proc = (globalThis as { process?: NodeProcess }).process;
  if (!proc || proc.platform !== 'linux' || proc.env.VK_ICD_FILENAMES || proc.env.VK_DRIVER_FILES) return false;
  // A variable specifier keeps bundlers from trying to resolve a Node built-in for browsers.
  const fsModule = 'node:fs';
  const os = 'node:os';
  const { existsSync } = (await import(/* @vite-ignore */ fsModule)) as typeof import('node:fs');
  if (!existsSync(CHROMIUM_ICD)) return false;
  proc.env.VK_ICD_FILENAMES = CHROMIUM_ICD;
  if (!SYSTEM_VULKAN_LOADERS.some((path) => existsSync(path)) && existsSync(CHROMIUM_VULKAN_LOADER)) {
    const { constants } = (await import(/* @vite-ignore */ os)) as typeof import('node:os');
    try {
      proc.dlopen({ exports: {} }, CHROMIUM_VULKAN_LOADER, constants.dlopen.RTLD_NOW | constants.dlopen.RTLD_GLOBAL | RTLD_NODELETE);
    } catch {
      // "Module did not self-register" is expected: the library is a plain shared object.
    }
  }
  return true;
}
