// regression.json's reference cases (see fixtures/generate.py) on plain arrays, tensors and batches.
import { fixtureSuite } from './fixtureSuite';

fixtureSuite('regression.json');
