/// <reference path="./gpu-types.d.ts" />
// The webgpu backend's command queue. Kernels record dispatches into one open compute pass;
// the commands are submitted lazily, when a readback needs them or after a bound on the
// number of dispatches. Parameters of all dispatches in a submission share one uniform
// buffer (one 512-byte slot each, bound with a dynamic offset), pipelines are cached by
// shader, bind groups by the buffers they bind, and readbacks go through pooled staging
// buffers. Index kernels report bad indices through a small status buffer that each
// readback checks, since a GPU cannot throw.
import { opError } from '../../errors.js';
import { BufferPool, sizeClass, type GpuHandle } from './buffer-pool.js';
import { Fuser } from './fusion.js';
import { BufferUsage, COMPUTE_STAGE, MAP_READ_MODE } from './gpu-flags.js';
import { PARAM_WORDS, type BindingKind, type ShaderSpec } from './wgsl.js';

/** Dispatches recorded before the queue submits on its own. */
const MAX_DISPATCHES = 128;
const SLOT_BYTES = PARAM_WORDS * 4;
/** Bind groups cached before the cache is cleared (buffers recur, so it refills quickly). */
const MAX_BIND_GROUPS = 8192;

/** What a kernel found wrong about an index, reported through the status buffer. */
const STATUS_OPS = ['', 'gather', 'indexSelect', 'scatterReduce', 'indexAdd_'] as const;
/** Status codes kernels write (see `reportBadIndex` in WGSL). */
export const STATUS_CODE = { gather: 1, indexSelect: 2, scatterReduce: 3, indexAdd: 4 } as const;

interface CachedPipeline {
  readonly pipeline: GPUComputePipeline;
  readonly layout: GPUBindGroupLayout;
  readonly layoutKey: string;
}

/** Owns the device, its buffers and the recording of commands. */
export class GpuRuntime {
  readonly pool: BufferPool;
  /** Pending elementwise expressions: recorded by unary/binary, run when first needed. */
  readonly fuser: Fuser;
  readonly maxWorkgroupsPerDimension: number;
  readonly maxStorageBindingSize: number;
  /** Submissions and dispatches so far (for tests and benchmarks). */
  submissions = 0;
  dispatched = 0;
  /** Set when the device is lost; every later call fails with it. */
  lostReason: string | null = null;
  private failure: string | null = null;
  private encoder: GPUCommandEncoder | null = null;
  private pass: GPUComputePassEncoder | null = null;
  private dispatches = 0;
  private readonly params = new Int32Array(MAX_DISPATCHES * PARAM_WORDS);
  private readonly paramsBuffer: GPUBuffer;
  private readonly status: GPUBuffer;
  private readonly pipelines = new Map<string, CachedPipeline>();
  private readonly layouts = new Map<string, { group: GPUBindGroupLayout; pipeline: GPUPipelineLayout }>();
  private readonly bindGroups = new Map<string, GPUBindGroup>();
  private readonly staging = new Map<number, GPUBuffer[]>();

  constructor(
    readonly device: GPUDevice,
    readonly adapterName: string,
  ) {
    const limits = device.limits;
    this.maxWorkgroupsPerDimension = limits.maxComputeWorkgroupsPerDimension;
    this.maxStorageBindingSize = limits.maxStorageBufferBindingSize;
    this.pool = new BufferPool(device, limits.maxBufferSize, () => this.bindGroups.clear());
    this.fuser = new Fuser(this);
    this.paramsBuffer = device.createBuffer({ size: this.params.byteLength, usage: BufferUsage.UNIFORM | BufferUsage.COPY_DST });
    this.status = device.createBuffer({ size: 16, usage: BufferUsage.STORAGE | BufferUsage.COPY_SRC | BufferUsage.COPY_DST });
    void device.lost.then((info) => {
      this.lostReason = `${info.reason}${info.message ? `: ${info.message}` : ''}`;
    });
    const onError = (event: Event) => {
      this.failure ??= (event as GPUUncapturedErrorEvent).error.message;
    };
    if (typeof device.addEventListener === 'function') device.addEventListener('uncapturederror', onError);
    else (device as { onuncapturederror: unknown }).onuncapturederror = onError;
  }

  /** Throws if the device is lost or a command failed; `op` names the caller. */
  check(op: string): void {
    if (this.lostReason !== null) {
      throw opError(op, `the WebGPU device was lost (${this.lostReason}); tensors on the webgpu backend are gone. Reload the page or restart the process`);
    }
    if (this.failure !== null) {
      const message = this.failure;
      this.failure = null;
      throw opError(op, `a WebGPU command failed: ${message}`);
    }
  }

  /** A buffer for a kernel's output of `elements` 4-byte words. */
  output(elements: number): GpuHandle {
    return this.pool.acquire(this.checkedBytes(elements), false);
  }

  /** A buffer holding `words` (4 bytes each), written through the queue. */
  upload(words: Uint32Array | Int32Array | Float32Array): GpuHandle {
    const handle = this.pool.acquire(this.checkedBytes(words.length), true);
    if (words.length > 0) this.device.queue.writeBuffer(handle.buffer, 0, words.buffer, words.byteOffset, words.byteLength);
    return handle;
  }

  private checkedBytes(elements: number): number {
    const bytes = elements * 4;
    if (bytes > this.maxStorageBindingSize) {
      throw opError('webgpu', `a tensor of ${elements} elements (${bytes} bytes) exceeds this device's storage-buffer binding limit of ${this.maxStorageBindingSize} bytes`);
    }
    return bytes;
  }

  /**
   * Records one dispatch of `workgroups` workgroups (laid out as a 2-D grid when more than
   * one dimension allows) with `buffers` bound in the shader's binding order.
   */
  run(spec: ShaderSpec, buffers: readonly GpuHandle[], params: ArrayLike<number>, workgroups: number): void {
    // Inputs that are pending fused expressions are computed first.
    for (const buffer of buffers) if (buffer.pending) this.fuser.materialize(buffer);
    if (workgroups === 0) return;
    if (params.length > PARAM_WORDS) throw opError('webgpu', `a kernel needs ${params.length} parameter words, more than ${PARAM_WORDS} (too many dimensions)`);
    if (this.dispatches === MAX_DISPATCHES) this.flush();
    const cached = this.pipeline(spec);
    const slot = this.dispatches++;
    this.dispatched++;
    this.params.set(params, slot * PARAM_WORDS);
    const pass = this.computePass();
    pass.setPipeline(cached.pipeline);
    pass.setBindGroup(0, this.bindGroup(cached, buffers), [slot * SLOT_BYTES]);
    const max = this.maxWorkgroupsPerDimension;
    if (workgroups <= max) {
      pass.dispatchWorkgroups(workgroups);
    } else {
      const rows = Math.ceil(workgroups / max);
      if (rows > max) throw opError('webgpu', `a dispatch of ${workgroups} workgroups exceeds this device's limit of ${max} x ${max}`);
      // Threads of the last row's extra workgroups see indices past the end and return.
      pass.dispatchWorkgroups(Math.ceil(workgroups / rows), rows);
    }
  }

  /** Records zeroing the first `bytes` of a buffer, in order with the dispatches around it. */
  clear(handle: GpuHandle, bytes: number): void {
    if (bytes === 0) return;
    this.pass?.end();
    this.pass = null;
    this.encoder ??= this.device.createCommandEncoder();
    this.encoder.clearBuffer(handle.buffer, 0, Math.ceil(bytes / 4) * 4);
  }

  private computePass(): GPUComputePassEncoder {
    if (!this.pass) {
      this.encoder ??= this.device.createCommandEncoder();
      this.pass = this.encoder.beginComputePass();
    }
    return this.pass;
  }

  /** Submits everything recorded so far. */
  flush(): void {
    if (!this.encoder) return;
    this.pass?.end();
    this.pass = null;
    if (this.dispatches > 0) this.device.queue.writeBuffer(this.paramsBuffer, 0, this.params.buffer, 0, this.dispatches * SLOT_BYTES);
    this.device.queue.submit([this.encoder.finish()]);
    this.encoder = null;
    this.dispatches = 0;
    this.submissions++;
    this.pool.submitted();
  }

  /**
   * Copies the first `bytes` of a buffer to the host once the recorded commands have run,
   * and checks the index status that kernels may have raised.
   */
  async read(handle: GpuHandle, bytes: number): Promise<ArrayBuffer> {
    this.check('data');
    this.fuser.materialize(handle);
    const stagingBytes = sizeClass(bytes + 16);
    const staging = this.staging.get(stagingBytes)?.pop() ?? this.device.createBuffer({ size: stagingBytes, usage: BufferUsage.MAP_READ | BufferUsage.COPY_DST });
    this.pass?.end();
    this.pass = null;
    this.encoder ??= this.device.createCommandEncoder();
    if (bytes > 0) this.encoder.copyBufferToBuffer(handle.buffer, 0, staging, 0, bytes);
    this.encoder.copyBufferToBuffer(this.status, 0, staging, bytes, 16);
    this.flush();
    try {
      await staging.mapAsync(MAP_READ_MODE, 0, bytes + 16);
    } catch (error) {
      this.check('data');
      throw opError('data', `reading a buffer back from the GPU failed: ${(error as Error).message}`);
    }
    const mapped = staging.getMappedRange(0, bytes + 16);
    const result = mapped.slice(0, bytes);
    const status = new Int32Array(mapped.slice(bytes, bytes + 16));
    staging.unmap();
    let list = this.staging.get(stagingBytes);
    if (!list) this.staging.set(stagingBytes, (list = []));
    list.push(staging);
    this.check('data');
    if (status[0] !== 0) {
      this.device.queue.writeBuffer(this.status, 0, new Int32Array(4));
      const op = STATUS_OPS[status[0]] ?? 'webgpu';
      const phrase = op === 'indexSelect' || op === 'indexAdd_' ? 'out of range' : 'out of bounds';
      throw opError(op, `index ${status[1]} is ${phrase} for dim ${status[2]} with size ${status[3]} (found on the GPU, reported at this readback)`);
    }
    return result;
  }

  /** The status buffer, for kernels that check indices. */
  get statusBuffer(): GpuHandle {
    return { buffer: this.status, id: 0, capacity: 16, refs: 1, pending: null };
  }

  private pipeline(spec: ShaderSpec): CachedPipeline {
    let cached = this.pipelines.get(spec.key);
    if (!cached) {
      const layoutKey = spec.bindings.map((b) => b.kind).join(',');
      const layout = this.layout(layoutKey, spec.bindings.map((b) => b.kind));
      const module = this.device.createShaderModule({ code: spec.source, label: spec.key });
      const pipeline = this.device.createComputePipeline({ layout: layout.pipeline, compute: { module, entryPoint: 'main' }, label: spec.key });
      cached = { pipeline, layout: layout.group, layoutKey };
      this.pipelines.set(spec.key, cached);
    }
    return cached;
  }

  private layout(key: string, kinds: readonly BindingKind[]): { group: GPUBindGroupLayout; pipeline: GPUPipelineLayout } {
    let layout = this.layouts.get(key);
    if (!layout) {
      const entries: GPUBindGroupLayoutEntry[] = [
        { binding: 0, visibility: COMPUTE_STAGE, buffer: { type: 'uniform', hasDynamicOffset: true, minBindingSize: SLOT_BYTES } },
        ...kinds.map((kind, i): GPUBindGroupLayoutEntry => ({
          binding: i + 1,
          visibility: COMPUTE_STAGE,
          buffer: { type: kind === 'read' ? 'read-only-storage' : 'storage' },
        })),
      ];
      const group = this.device.createBindGroupLayout({ entries });
      layout = { group, pipeline: this.device.createPipelineLayout({ bindGroupLayouts: [group] }) };
      this.layouts.set(key, layout);
    }
    return layout;
  }

  private bindGroup(cached: CachedPipeline, buffers: readonly GpuHandle[]): GPUBindGroup {
    let key = cached.layoutKey;
    for (const b of buffers) key += `:${b.id}`;
    let group = this.bindGroups.get(key);
    if (!group) {
      if (this.bindGroups.size >= MAX_BIND_GROUPS) this.bindGroups.clear();
      group = this.device.createBindGroup({
        layout: cached.layout,
        entries: [
          { binding: 0, resource: { buffer: this.paramsBuffer, offset: 0, size: SLOT_BYTES } },
          ...buffers.map((b, i): GPUBindGroupEntry => ({
            binding: i + 1,
            resource: { buffer: b.buffer, offset: 0, size: Math.min(b.capacity, this.maxStorageBindingSize - (this.maxStorageBindingSize % 16)) },
          })),
        ],
      });
      this.bindGroups.set(key, group);
    }
    return group;
  }
}
