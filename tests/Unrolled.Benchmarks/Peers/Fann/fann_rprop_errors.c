/* FANN's side of RpropFannComparisonTests: trains networks with fann_train_on_data (FANN's default
 * training, iRPROP-) and prints how many test outputs are wrong (|o - t| >= 0.5), one count per network.
 * Usage: fann_rprop_errors TRAIN TEST EPOCHS WEIGHTS ERRORFUNC HIDDEN...
 * WEIGHTS is a text file with one line per network: its initial parameters in Unrolled's order (layer by
 * layer, W[j, i] row-major, then the biases b[j]), so that both sides start from the same weights and
 * only the training differs. ERRORFUNC is "tanh" (FANN's default, FANN_ERRORFUNC_TANH) or "linear"
 * (FANN_ERRORFUNC_LINEAR, the plain t - o). FANN's benchmark setup (benchmarks/quality.cc): FANN_SIGMOID
 * on hidden and output layers, every other setting FANN's default. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <doublefann.h>

/* Where FANN's connection from neuron `from` to neuron `to` (FANN's global numbering: each layer's
 * neurons, then its bias neuron) sits in Unrolled's parameter order. */
static unsigned int unrolled_index(const unsigned int *layers, unsigned int count, unsigned int from, unsigned int to)
{
    unsigned int first = 0, offset = 0;
    for (unsigned int l = 1; l < count; l++) {
        unsigned int previous = first, inputs = layers[l - 1];
        first += inputs + 1; /* this layer's first neuron: past the previous layer and its bias */
        if (to < first + layers[l]) {
            unsigned int j = to - first, i = from - previous;
            return i < inputs ? offset + j * inputs + i : offset + layers[l] * inputs + j;
        }
        offset += layers[l] * (inputs + 1);
    }
    fprintf(stderr, "no layer holds neuron %u\n", to);
    exit(3);
}

int main(int argc, char **argv)
{
    if (argc < 7) {
        fprintf(stderr, "usage: %s TRAIN TEST EPOCHS WEIGHTS ERRORFUNC HIDDEN...\n", argv[0]);
        return 2;
    }

    struct fann_train_data *train = fann_read_train_from_file(argv[1]);
    struct fann_train_data *test = fann_read_train_from_file(argv[2]);
    unsigned int epochs = (unsigned int)atoi(argv[3]);
    FILE *weights = fopen(argv[4], "r");
    if (train == NULL || test == NULL || weights == NULL) {
        fprintf(stderr, "cannot read %s, %s or %s\n", argv[1], argv[2], argv[4]);
        return 2;
    }
    enum fann_errorfunc_enum errorfunc = strcmp(argv[5], "linear") == 0 ? FANN_ERRORFUNC_LINEAR : FANN_ERRORFUNC_TANH;
    unsigned int layers[8];
    unsigned int count = 0;
    layers[count++] = fann_num_input_train_data(train);
    for (int a = 6; a < argc && count < 7; a++) layers[count++] = (unsigned int)atoi(argv[a]);
    layers[count++] = fann_num_output_train_data(train);

    for (;;) {
        struct fann *ann = fann_create_standard_array(count, layers);
        unsigned int total = fann_get_total_connections(ann);
        double *initial = malloc(total * sizeof(double));
        unsigned int read = 0;
        while (read < total && fscanf(weights, "%lf", &initial[read]) == 1) read++;
        if (read == 0) {
            free(initial);
            fann_destroy(ann);
            break;
        }
        if (read < total) {
            fprintf(stderr, "a line of %s holds %u parameters, the network has %u\n", argv[4], read, total);
            return 2;
        }

        fann_set_activation_function_hidden(ann, FANN_SIGMOID);
        fann_set_activation_function_output(ann, FANN_SIGMOID);
        fann_set_train_error_function(ann, errorfunc);
        struct fann_connection *connections = malloc(total * sizeof(struct fann_connection));
        fann_get_connection_array(ann, connections);
        for (unsigned int c = 0; c < total; c++)
            connections[c].weight = initial[unrolled_index(layers, count, connections[c].from_neuron, connections[c].to_neuron)];
        fann_set_weight_array(ann, connections, total);

        fann_train_on_data(ann, train, epochs, 0, 0.0f);
        unsigned int wrong = 0;
        for (unsigned int r = 0; r < fann_length_train_data(test); r++) {
            fann_type *o = fann_run(ann, test->input[r]);
            for (unsigned int k = 0; k < fann_num_output_train_data(test); k++)
                if (fabs(o[k] - test->output[r][k]) >= 0.5) { wrong++; break; }
        }
        printf("%u\n", wrong);
        free(connections);
        free(initial);
        fann_destroy(ann);
    }

    fclose(weights);
    fann_destroy_train(train);
    fann_destroy_train(test);
    return 0;
}
