"""scikit-learn's MLPClassifier as the digits benchmark's peer, driven over stdin and stdout.

With the argument float32 the rows go to MLPClassifier as float32, which scikit-learn 1.2 keeps: it validates X as
float64 or float32, makes its weights and Adam's moments in X's dtype, and turns the labels into booleans so that
nothing is upcast; the parameters "start" gives are cast to float32 too.

Writes the training rows first (scikit-learn's digits, inputs / 16, the 1,347 rows train_test_split keeps with
test_size 0.25 and random_state 0): a line "rows inputs classes", then one line per row, its inputs and its class.
Then answers one command a line:
  start e p1 p2 ... take these parameters (Unrolled's order: per layer W[out, in] row by row, then b) and a fresh
                    Adam with epsilon e; answers "ok"
  epoch             one epoch of partial_fit (batches of 32 in order, Adam, no L2); answers the loss
  parameters        answers the parameters in the same order
  dtype             answers the dtype the classifier computes in: of its weights, Adam's moments and its activations
The classifier has the benchmark's settings: 64-32-10, tanh, softmax and log loss, Adam with learning rate 0.001,
betas 0.9 and 0.999, epsilon 1e-8, batch 32, no shuffling, alpha 0.
"""
import sys
import warnings

import numpy as np
from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier

warnings.simplefilter("ignore", ConvergenceWarning)

digits = load_digits()
x_train, _, y_train, _ = train_test_split(digits.data / 16.0, digits.target, test_size=0.25, random_state=0)
if sys.argv[1:] == ["float32"]:
    x_train = x_train.astype(np.float32)
classes = np.arange(10)
out = sys.stdout
out.write(f"{len(x_train)} {x_train.shape[1]} {len(classes)}\n")
for row, label in zip(x_train, y_train):
    out.write(" ".join(repr(float(v)) for v in row) + f" {int(label)}\n")
out.flush()

classifier = MLPClassifier(hidden_layer_sizes=(32,), activation="tanh", solver="adam", alpha=0.0, batch_size=32,
                           learning_rate_init=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-8, shuffle=False,
                           max_iter=1, random_state=0)
# The first partial_fit sets up the layers (and trains an epoch, which "start" then replaces).
classifier.partial_fit(x_train, y_train, classes=classes)
sizes = [x_train.shape[1], 32, len(classes)]

for line in sys.stdin:
    words = line.split()
    if not words:
        continue
    if words[0] == "start":
        classifier.epsilon = float(words[1])
        values = np.array([float(w) for w in words[2:]], dtype=x_train.dtype)
        at = 0
        for layer in range(len(sizes) - 1):
            inputs, outputs = sizes[layer], sizes[layer + 1]
            classifier.coefs_[layer] = values[at:at + inputs * outputs].reshape(outputs, inputs).T.copy()
            at += inputs * outputs
            classifier.intercepts_[layer] = values[at:at + outputs].copy()
            at += outputs
        # partial_fit makes a fresh Adam (zero moments, step 0) over the new arrays when it has none.
        del classifier._optimizer
        out.write("ok\n")
    elif words[0] == "epoch":
        classifier.partial_fit(x_train, y_train)
        out.write(f"{classifier.loss_!r}\n")
    elif words[0] == "parameters":
        values = []
        for layer in range(len(sizes) - 1):
            values.extend(classifier.coefs_[layer].T.ravel())
            values.extend(classifier.intercepts_[layer])
        out.write(" ".join(repr(float(v)) for v in values) + "\n")
    elif words[0] == "dtype":
        kinds = {str(a.dtype) for a in classifier.coefs_ + classifier.intercepts_ + classifier._optimizer.ms + classifier._optimizer.vs}
        kinds.add(str(classifier.predict_proba(x_train[:1]).dtype))
        out.write(" ".join(sorted(kinds)) + "\n")
    else:
        out.write(f"unknown command {words[0]}\n")
    out.flush()
