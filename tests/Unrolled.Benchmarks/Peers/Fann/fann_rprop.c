/*
 * FANN's side of the RPROP comparison (issue 21): FANN's own training, iRPROP- (FANN_TRAIN_RPROP,
 * fann_train_on_data, full batch by construction), on FANN's benchmark datasets from libfann-doc,
 * with the topologies and epochs of the issue. Built and run by run_fann_rprop.sh; see RPROP.md.
 *
 * Usage: fann_rprop DATASETS_DIR FIRST_SEED SEED_COUNT
 *
 * Two configurations per dataset:
 *   benchmark: FANN_SIGMOID on hidden and output layers, as FANN's benchmarks/quality.cc sets up
 *              "fann_rprop"; everything else FANN's default.
 *   defaults:  nothing set after fann_create_standard (FANN_SIGMOID_STEPWISE, FANN's default).
 * Both keep FANN's defaults for the rest: steepness 0.5 (so FANN_SIGMOID is 1 / (1 + exp(-z))),
 * error function FANN_ERRORFUNC_TANH, RPROP increase 1.2, decrease 0.5, delta min 0, delta max 50,
 * delta zero 0.1. The program prints them from the network, not from this comment.
 *
 * Weights: fann_create_standard draws them from rand() in [-0.1, 0.1] after seeding it from
 * /dev/urandom; to make a run repeatable, srand(seed) then fann_randomize_weights(ann, -0.1, 0.1)
 * draws them again from the same distribution.
 *
 * A test output is wrong when |o - t| >= 0.5, FANN's benchmarks/quality.cc's "bit fail"
 * ((t - o)^2 >= 0.25); with 0/1 targets that is o on the wrong side of 0.5. FANN's own
 * fann_get_bit_fail (limit 0.35 by default) is printed beside it.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifdef USE_DOUBLE
#include <doublefann.h>
#define PRECISION "double"
#else
#include <floatfann.h>
#define PRECISION "float"
#endif

struct problem {
    const char *name;
    unsigned int layers[4];
    unsigned int layer_count;
    unsigned int epochs;
};

static double seconds_now(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec + (double)now.tv_nsec * 1e-9;
}

static unsigned int wrong_outputs(struct fann *ann, struct fann_train_data *data)
{
    unsigned int wrong = 0;
    for (unsigned int row = 0; row < fann_length_train_data(data); row++) {
        fann_type *output = fann_run(ann, data->input[row]);
        for (unsigned int k = 0; k < fann_num_output_train_data(data); k++) {
            double difference = (double)data->output[row][k] - (double)output[k];
            if (difference * difference >= 0.25) {
                wrong++;
            }
        }
    }
    return wrong;
}

static int compare_unsigned(const void *a, const void *b)
{
    unsigned int x = *(const unsigned int *)a, y = *(const unsigned int *)b;
    return (x > y) - (x < y);
}

static struct fann_train_data *read_data(const char *directory, const char *name, const char *part)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.%s", directory, name, part);
    struct fann_train_data *data = fann_read_train_from_file(path);
    if (data == NULL) {
        fprintf(stderr, "cannot read %s\n", path);
        exit(2);
    }
    return data;
}

static void run(const char *directory, const struct problem *problem, int benchmark_activations,
                unsigned int first_seed, unsigned int seed_count)
{
    struct fann_train_data *train = read_data(directory, problem->name, "train");
    struct fann_train_data *test = read_data(directory, problem->name, "test");
    unsigned int *wrong = calloc(seed_count, sizeof *wrong);
    const char *configuration = benchmark_activations ? "benchmark" : "defaults";
    double total_seconds = 0;

    for (unsigned int s = 0; s < seed_count; s++) {
        unsigned int seed = first_seed + s;
        struct fann *ann = fann_create_standard_array(problem->layer_count, problem->layers);
        if (benchmark_activations) {
            fann_set_activation_function_hidden(ann, FANN_SIGMOID);
            fann_set_activation_function_output(ann, FANN_SIGMOID);
        }
        srand(seed);
        fann_randomize_weights(ann, (fann_type)-0.1, (fann_type)0.1);

        if (s == 0) {
            printf("# %s %s %s: algorithm %s, error function %s, hidden %s (steepness %g), output %s (steepness %g),"
                   " rprop increase %g decrease %g delta min %g max %g zero %g\n",
                   problem->name, PRECISION, configuration,
                   FANN_TRAIN_NAMES[fann_get_training_algorithm(ann)],
                   FANN_ERRORFUNC_NAMES[fann_get_train_error_function(ann)],
                   FANN_ACTIVATIONFUNC_NAMES[fann_get_activation_function(ann, 1, 0)],
                   (double)fann_get_activation_steepness(ann, 1, 0),
                   FANN_ACTIVATIONFUNC_NAMES[fann_get_activation_function(ann, (int)problem->layer_count - 1, 0)],
                   (double)fann_get_activation_steepness(ann, (int)problem->layer_count - 1, 0),
                   (double)fann_get_rprop_increase_factor(ann), (double)fann_get_rprop_decrease_factor(ann),
                   (double)fann_get_rprop_delta_min(ann), (double)fann_get_rprop_delta_max(ann),
                   (double)fann_get_rprop_delta_zero(ann));
        }

        double start = seconds_now();
        /* desired error 0: FANN stops early only at an MSE of exactly 0; no reports. */
        fann_train_on_data(ann, train, problem->epochs, 0, 0.0f);
        double seconds = seconds_now() - start;
        total_seconds += seconds;

        float train_mse = fann_test_data(ann, train);
        unsigned int train_wrong = wrong_outputs(ann, train);
        fann_test_data(ann, test);
        unsigned int test_bit_fail_035 = fann_get_bit_fail(ann);
        float test_mse = fann_get_MSE(ann);
        wrong[s] = wrong_outputs(ann, test);

        char topology[64] = "";
        for (unsigned int l = 0; l < problem->layer_count; l++) {
            char part[16];
            snprintf(part, sizeof part, l == 0 ? "%u" : "-%u", problem->layers[l]);
            strcat(topology, part);
        }
        printf("%-10s %-9s %-6s %-9s seed %3u epochs %u train MSE %.6f train wrong %3u/%u test MSE %.6f"
               " test wrong %3u/%u (bit fail at 0.35: %3u) %.3f s\n",
               problem->name, topology, PRECISION, configuration, seed, problem->epochs, (double)train_mse,
               train_wrong, fann_length_train_data(train), (double)test_mse, wrong[s],
               fann_length_train_data(test), test_bit_fail_035, seconds);
        fann_destroy(ann);
    }

    qsort(wrong, seed_count, sizeof *wrong, compare_unsigned);
    printf("= %s %s %s: test wrong over %u seeds (from %u): min %u, median %u, max %u of %u; %.3f s training\n",
           problem->name, PRECISION, configuration, seed_count, first_seed, wrong[0], wrong[seed_count / 2],
           wrong[seed_count - 1], fann_length_train_data(test), total_seconds);
    free(wrong);
    fann_destroy_train(train);
    fann_destroy_train(test);
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: %s DATASETS_DIR FIRST_SEED SEED_COUNT\n", argv[0]);
        return 2;
    }
    unsigned int first_seed = (unsigned int)strtoul(argv[2], NULL, 10);
    unsigned int seed_count = (unsigned int)strtoul(argv[3], NULL, 10);
    if (seed_count == 0) {
        fprintf(stderr, "SEED_COUNT must be at least 1\n");
        return 2;
    }
    const struct problem problems[] = {
        {"parity8", {8, 16, 1, 0}, 3, 1000},
        {"two-spiral", {2, 20, 10, 1}, 4, 2000},
    };
    for (unsigned int p = 0; p < sizeof problems / sizeof problems[0]; p++) {
        run(argv[1], &problems[p], 1, first_seed, seed_count);
        run(argv[1], &problems[p], 0, first_seed, seed_count);
    }
    return 0;
}
