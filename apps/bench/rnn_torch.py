"""The PyTorch peer of the RNN benchmark (apps/bench/rnn.mjs): the same character language
model training step (embedding, stacked nn.LSTM with batch_first, linear head, cross-entropy,
Adam) and the same single-LSTM-layer forward + backward, on random tokens and inputs, timed
per thread count. Prints one JSON object: {"torch": version, "results": {key: [ms, ...]}}
with keys "charlm|THREADS" and "layer B,T,I,H|THREADS".

Usage: /usr/bin/python3 rnn_torch.py STEPS VOCAB EMBED HIDDEN LAYERS BATCH SEQ LAYER_SIZES THREADS...
LAYER_SIZES is a comma-free list "B:T:I:H/B:T:I:H" (may be "-" for none).
"""
import json
import sys
import time

import torch

steps, vocab, embed, hidden, layers, batch, seq = map(int, sys.argv[1:8])
layer_sizes = [] if sys.argv[8] == '-' else [tuple(map(int, s.split(':'))) for s in sys.argv[8].split('/')]
thread_counts = [int(t) for t in sys.argv[9:]]
torch.manual_seed(0)


class CharLM(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = torch.nn.Embedding(vocab, embed)
        self.lstm = torch.nn.LSTM(embed, hidden, num_layers=layers, batch_first=True)
        self.head = torch.nn.Linear(hidden, vocab)

    def forward(self, tokens):
        out, _ = self.lstm(self.embedding(tokens))
        return self.head(out)


def time_runs(run):
    run()  # warm-up
    times = []
    for _ in range(steps):
        t0 = time.perf_counter()
        run()
        times.append((time.perf_counter() - t0) * 1000)
    return times


def charlm_step():
    model = CharLM()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    tokens = torch.randint(0, vocab, (batch, seq + 1))
    inputs, targets = tokens[:, :-1], tokens[:, 1:]

    def run():
        optimizer.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(inputs).reshape(-1, vocab), targets.reshape(-1))
        loss.backward()
        optimizer.step()
        loss.item()
    return run


def layer_step(b, t, i, h):
    lstm = torch.nn.LSTM(i, h, batch_first=True)
    x = torch.randn(b, t, i, requires_grad=True)

    def run():
        lstm.zero_grad()
        x.grad = None
        out, _ = lstm(x)
        out.sum().backward()
    return run


results = {}
for threads in thread_counts:
    torch.set_num_threads(threads)
    results[f'charlm|{threads}'] = time_runs(charlm_step())
    for size in layer_sizes:
        results[f'layer {",".join(map(str, size))}|{threads}'] = time_runs(layer_step(*size))
print(json.dumps({'torch': torch.__version__, 'results': results}))
