/* FANN's side of RpropFannComparisonTests: trains one network with fann_train_on_data (FANN's default
 * training, iRPROP-) and prints how many test outputs are wrong (|o - t| >= 0.5), one count per seed.
 * Usage: fann_rprop_errors TRAIN TEST EPOCHS FIRST_SEED SEEDS HIDDEN...
 * FANN's benchmark setup (benchmarks/quality.cc): FANN_SIGMOID on hidden and output layers, weights
 * uniform in [-0.1, 0.1] (made repeatable with srand), every other setting FANN's default. */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include <doublefann.h>

int main(int argc, char **argv)
{
    if (argc < 7) {
        fprintf(stderr, "usage: %s TRAIN TEST EPOCHS FIRST_SEED SEEDS HIDDEN...\n", argv[0]);
        return 2;
    }

    struct fann_train_data *train = fann_read_train_from_file(argv[1]);
    struct fann_train_data *test = fann_read_train_from_file(argv[2]);
    unsigned int epochs = (unsigned int)atoi(argv[3]);
    int first = atoi(argv[4]), seeds = atoi(argv[5]);
    unsigned int layers[8];
    unsigned int count = 0;
    layers[count++] = fann_num_input_train_data(train);
    for (int a = 6; a < argc && count < 7; a++) layers[count++] = (unsigned int)atoi(argv[a]);
    layers[count++] = fann_num_output_train_data(train);

    for (int seed = first; seed < first + seeds; seed++) {
        struct fann *ann = fann_create_standard_array(count, layers);
        fann_set_activation_function_hidden(ann, FANN_SIGMOID);
        fann_set_activation_function_output(ann, FANN_SIGMOID);
        srand((unsigned int)seed);
        fann_randomize_weights(ann, -0.1, 0.1);
        fann_train_on_data(ann, train, epochs, 0, 0.0f);
        unsigned int wrong = 0;
        for (unsigned int r = 0; r < fann_length_train_data(test); r++) {
            fann_type *o = fann_run(ann, test->input[r]);
            for (unsigned int k = 0; k < fann_num_output_train_data(test); k++)
                if (fabs(o[k] - test->output[r][k]) >= 0.5) { wrong++; break; }
        }
        printf("%u\n", wrong);
        fann_destroy(ann);
    }

    fann_destroy_train(train);
    fann_destroy_train(test);
    return 0;
}
