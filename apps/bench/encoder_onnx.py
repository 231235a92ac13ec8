"""Exports the encoder that bench:encoder runs, so ONNX Runtime Web and Tessera load the same weights.

A 6-layer, 256-wide, 4-head, pre-norm GELU torch.nn.TransformerEncoder (feed-forward 1024,
batch-first, a final LayerNorm, seeded weights), with the causal mask baked into the exported
graph (torch 1.13 has no is_causal: the mask is generate_square_subsequent_mask's float mask).
Writes to apps/bench/models/encoder/ (ignored by git: about 40 MB):
  encoder.onnx         torch.onnx.export of the model, input `src` [1, 512, 256] -> `out`
  encoder.safetensors  the state_dict under PyTorch's keys (layers.0.self_attn.in_proj_weight, ...)
  reference.safetensors `src` and PyTorch's output `out` for it
Run with Debian's /usr/bin/python3 (torch 1.13); torch.onnx.export writes the file itself,
the `onnx` Python package is not needed. bench:encoder runs this when the folder is missing.
"""
import os
import sys

import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tooling"))

from safetensors_writer import write_safetensors  # noqa: E402

D_MODEL, NHEAD, LAYERS, FEEDFORWARD, LENGTH = 256, 4, 6, 1024, 512
OUT_DIR = os.path.join(HERE, "models", "encoder")


class CausalEncoder(nn.Module):
    """The encoder with its causal mask fixed, so the exported graph takes only `src`."""

    def __init__(self):
        super().__init__()
        layer = nn.TransformerEncoderLayer(
            D_MODEL, NHEAD, dim_feedforward=FEEDFORWARD, dropout=0.0,
            activation="gelu", batch_first=True, norm_first=True,
        )
        self.encoder = nn.TransformerEncoder(layer, LAYERS, norm=nn.LayerNorm(D_MODEL), enable_nested_tensor=False)
        self.register_buffer("mask", nn.Transformer.generate_square_subsequent_mask(LENGTH), persistent=False)

    def forward(self, src):
        return self.encoder(src, mask=self.mask)


def main():
    torch.manual_seed(15)
    model = CausalEncoder().eval()
    # Non-trivial layer norm parameters, so a loader that skipped them would show.
    with torch.no_grad():
        for name, p in model.named_parameters():
            if "norm" in name:
                p.add_(0.1 * torch.randn_like(p))
    src = torch.randn(1, LENGTH, D_MODEL)
    with torch.no_grad():
        out = model(src)
    os.makedirs(OUT_DIR, exist_ok=True)
    torch.onnx.export(
        model, (src,), os.path.join(OUT_DIR, "encoder.onnx"),
        input_names=["src"], output_names=["out"], opset_version=14, do_constant_folding=True,
    )
    state = {k: v.detach().contiguous() for k, v in model.encoder.state_dict().items()}
    write_safetensors(os.path.join(OUT_DIR, "encoder.safetensors"), state)
    write_safetensors(os.path.join(OUT_DIR, "reference.safetensors"), {"src": src, "out": out})
    print(f"wrote {OUT_DIR}: {len(state)} tensors, output {tuple(out.shape)}")


if __name__ == "__main__":
    main()
