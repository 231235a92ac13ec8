// The karate club's GCN, shared by the Node demo (karate.mjs) and the browser app (apps/web):
// three GCN layers down to a 2-D embedding, then a linear classifier of the two factions.
import { tanh } from '@tessera/core';
import { Linear, Module } from '@tessera/layers';
import { GCNConv } from '@tessera/gnn';

/**
 * Three GCN layers down to 2-D (the embedding drawn), then a linear classifier.
 * @example const model = new KarateGcn(); const logits = model.call(eye(34), graph); // [34, 2]
 */
export class KarateGcn extends Module {
  conv1 = this.registerModule('conv1', new GCNConv(34, 4));
  conv2 = this.registerModule('conv2', new GCNConv(4, 4));
  conv3 = this.registerModule('conv3', new GCNConv(4, 2));
  classifier = this.registerModule('classifier', new Linear(2, 2));

  embed(x, graph) {
    return tanh(this.conv3.forward(tanh(this.conv2.forward(tanh(this.conv1.forward(x, graph)), graph)), graph));
  }

  forward(x, graph) {
    return this.classifier.forward(this.embed(x, graph));
  }
}
