"""Writes safetensors files from Python without the safetensors package (none is installable here).

The format (https://github.com/huggingface/safetensors): an 8-byte little-endian header length
N, N bytes of JSON header (padded with spaces to a multiple of 8, as the reference writer does),
then the tensors' bytes, contiguous, in the order of their offsets. Generators import it with
tooling/ on sys.path, as they do fixture_json.
"""
import json

import torch

# torch dtype -> (safetensors dtype, dtype of the Tessera tensor it loads as)
DTYPES = {
    torch.float64: ("F64", "float32"),
    torch.float32: ("F32", "float32"),
    torch.float16: ("F16", "float32"),
    torch.bfloat16: ("BF16", "float32"),
    torch.int64: ("I64", "int32"),
    torch.int32: ("I32", "int32"),
    torch.int16: ("I16", "int32"),
    torch.int8: ("I8", "int32"),
    torch.uint8: ("U8", "int32"),
    torch.bool: ("BOOL", "bool"),
}


def tensor_bytes(t):
    """Row-major little-endian bytes of `t` (bfloat16 through its int16 bit pattern)."""
    t = t.contiguous()
    if t.dtype == torch.bfloat16:
        t = t.view(torch.int16)
    return t.numpy().tobytes()


def write_safetensors(path, tensors, metadata=None):
    """Writes `tensors` (name -> torch tensor, in file order) and optional string metadata to `path`."""
    header = {}
    if metadata is not None:
        header["__metadata__"] = metadata
    chunks = []
    offset = 0
    for name, t in tensors.items():
        data = tensor_bytes(t)
        header[name] = {
            "dtype": DTYPES[t.dtype][0],
            "shape": list(t.shape),
            "data_offsets": [offset, offset + len(data)],
        }
        chunks.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(len(text).to_bytes(8, "little"))
        f.write(text)
        for data in chunks:
            f.write(data)
