"""The PyTorch peer of the RNN benchmark (apps/bench/rnn.mjs): the same character language
model training step (embedding, stacked nn.LSTM with batch_first, linear head, cross-entropy,
Adam) and the same single-LSTM-layer forward + backward, on random tokens and inputs.

It is a line server (lib/torch-server.mjs), so that rnn.mjs interleaves its steps with
Tessera's and TensorFlow.js's in the same rounds. Commands on stdin, one per line, each
answered by one line on stdout:
  prepare ID charlm THREADS        build the char-LM and its Adam, answers 'ok'
  prepare ID layer B:T:I:H THREADS build one LSTM layer and its input, answers 'ok'
  run ID                           one step on THREADS threads, answers its milliseconds
  dispose ID                       forgets the model, answers 'ok'
The first line it prints is 'ready TORCH_VERSION'. End of input ends it.

Usage: /usr/bin/python3 rnn_torch.py VOCAB EMBED HIDDEN LAYERS BATCH SEQ
"""
import sys
import time

import torch

vocab, embed, hidden, layers, batch, seq = map(int, sys.argv[1:7])


class CharLM(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = torch.nn.Embedding(vocab, embed)
        self.lstm = torch.nn.LSTM(embed, hidden, num_layers=layers, batch_first=True)
        self.head = torch.nn.Linear(hidden, vocab)

    def forward(self, tokens):
        out, _ = self.lstm(self.embedding(tokens))
        return self.head(out)


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


def layer_step(size):
    b, t, i, h = map(int, size.split(':'))
    lstm = torch.nn.LSTM(i, h, batch_first=True)
    x = torch.randn(b, t, i, requires_grad=True)

    def run():
        lstm.zero_grad()
        x.grad = None
        out, _ = lstm(x)
        out.sum().backward()
    return run


steps = {}
print(f'ready {torch.__version__}', flush=True)
for line in sys.stdin:
    command, key, *rest = line.split()
    if command == 'prepare':
        torch.manual_seed(0)
        run = charlm_step() if rest[0] == 'charlm' else layer_step(rest[1])
        steps[key] = (run, int(rest[-1]))
        print('ok', flush=True)
    elif command == 'run':
        run, threads = steps[key]
        torch.set_num_threads(threads)
        start = time.perf_counter()
        run()
        print((time.perf_counter() - start) * 1000, flush=True)
    elif command == 'dispose':
        steps.pop(key, None)
        print('ok', flush=True)
