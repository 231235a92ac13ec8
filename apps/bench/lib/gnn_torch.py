"""The PyTorch peer of the GNN benchmark (apps/bench/gnn.mjs): the same GCN and GAT epochs on
the graph gnn.mjs writes to a folder (src.bin, dst.bin, norm.bin int32/float32 per edge;
x.bin float32 [nodes, features]; y.bin int32), as PyG computes them: GCN with torch.sparse.mm
on the normalised adjacency, and GCN and GAT with index_add_ (PyG's scatter).

It is a small line server, so that gnn.mjs can interleave its epochs with Tessera's (a loaded
machine then slows every peer alike). Commands on stdin, one per line, each answered by one
line on stdout:
  prepare ID VARIANT THREADS   build a model ('gcn sparse.mm', 'gcn index_add_', 'gat index_add_'
                               with the spaces written as '+'), answers 'ok'
  run ID                       one epoch (forward, cross-entropy, backward, Adam) on THREADS
                               threads, answers its milliseconds
  dispose ID                   forgets the model, answers 'ok'
The first line it prints is 'ready TORCH_VERSION'. End of input ends it.

Usage: /usr/bin/python3 gnn_torch.py FOLDER NODES FEATURES CLASSES
"""
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

folder, nodes, features, classes = sys.argv[1], *map(int, sys.argv[2:5])


def load(name, dtype):
    return torch.from_numpy(np.fromfile(os.path.join(folder, name), dtype=dtype))


src, dst = load('src.bin', np.int32).long(), load('dst.bin', np.int32).long()
norm = load('norm.bin', np.float32)
x = load('x.bin', np.float32).view(nodes, features)
y = load('y.bin', np.int32).long()
adjacency = torch.sparse_coo_tensor(torch.stack([dst, src]), norm, (nodes, nodes)).coalesce()


def propagate_index_add(h, weight):
    """Σ over incoming edges of weight · h[src] (PyG's scatter-sum)."""
    messages = h[src] * weight.view(-1, *([1] * (h.dim() - 1)))
    return torch.zeros((nodes,) + h.shape[1:]).index_add_(0, dst, messages)


class GCN(torch.nn.Module):
    def __init__(self, propagate):
        super().__init__()
        self.lin1 = torch.nn.Linear(features, 64, bias=False)
        self.lin2 = torch.nn.Linear(64, classes, bias=False)
        self.bias1 = torch.nn.Parameter(torch.zeros(64))
        self.bias2 = torch.nn.Parameter(torch.zeros(classes))
        self.propagate = propagate

    def forward(self, h):
        h = torch.relu(self.propagate(self.lin1(h)) + self.bias1)
        return self.propagate(self.lin2(h)) + self.bias2


class GATConv(torch.nn.Module):
    def __init__(self, in_channels, heads, channels, concat):
        super().__init__()
        self.heads, self.channels, self.concat = heads, channels, concat
        self.lin = torch.nn.Linear(in_channels, heads * channels, bias=False)
        self.att_src = torch.nn.Parameter(torch.randn(1, heads, channels) * 0.1)
        self.att_dst = torch.nn.Parameter(torch.randn(1, heads, channels) * 0.1)
        self.bias = torch.nn.Parameter(torch.zeros(heads * channels if concat else channels))

    def forward(self, h):
        h = self.lin(h).view(-1, self.heads, self.channels)
        logits = F.leaky_relu((h * self.att_src).sum(-1)[src] + (h * self.att_dst).sum(-1)[dst], 0.2)
        index = dst.view(-1, 1).expand_as(logits)
        top = torch.zeros(nodes, self.heads).scatter_reduce(0, index, logits, 'amax', include_self=False)
        e = torch.exp(logits - top[dst])
        alpha = e / torch.zeros(nodes, self.heads).index_add_(0, dst, e)[dst]
        out = torch.zeros(nodes, self.heads, self.channels).index_add_(0, dst, h[src] * alpha.unsqueeze(-1))
        out = out.reshape(nodes, -1) if self.concat else out.mean(1)
        return out + self.bias


class GAT(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = GATConv(features, 8, 8, True)
        self.conv2 = GATConv(64, 1, classes, False)

    def forward(self, h):
        return self.conv2(F.elu(self.conv1(h)))


VARIANTS = {
    'gcn sparse.mm': lambda: GCN(lambda h: torch.sparse.mm(adjacency, h)),
    'gcn index_add_': lambda: GCN(lambda h: propagate_index_add(h, norm)),
    'gat index_add_': GAT,
}


def epoch(model, optimizer):
    optimizer.zero_grad()
    loss = F.cross_entropy(model(x), y)
    loss.backward()
    optimizer.step()
    loss.item()


models = {}
print(f'ready {torch.__version__}', flush=True)
for line in sys.stdin:
    command, key, *rest = line.split()
    if command == 'prepare':
        torch.manual_seed(0)
        model = VARIANTS[rest[0].replace('+', ' ')]()
        models[key] = (model, torch.optim.Adam(model.parameters(), lr=0.01), int(rest[1]))
        print('ok', flush=True)
    elif command == 'run':
        model, optimizer, threads = models[key]
        torch.set_num_threads(threads)
        start = time.perf_counter()
        epoch(model, optimizer)
        print((time.perf_counter() - start) * 1000, flush=True)
    elif command == 'dispose':
        models.pop(key, None)
        print('ok', flush=True)
