/*
 * FANN's own iRPROP- step (fann_update_weights_irpropm, libdoublefann) on three weights with slopes
 * chosen by hand, printed to 17 digits: the sequence RpropReferenceTests holds the C# reference to.
 * Built and run by `run_fann_rprop.sh --trace`. FANN's slope is the negative gradient: the tables
 * below give gradients and the program passes -gradient.
 *
 * Weight 0 starts at 0.5 from FANN's initial state (step 0.1, previous slope 0) and sees a sign
 * change and a zero gradient; weight 1 starts near FANN's weight limit (1500) with a step of 45,
 * so it meets delta_max (50) and the limit; weight 2 starts with a step of 0, so it meets FANN's
 * floor (0.0001) and then a sign change.
 */
#include <stdio.h>
#include <doublefann.h>

/* Internal FANN functions, exported by libdoublefann (declared in fann_internal.h). */
void fann_clear_train_arrays(struct fann *ann);
void fann_update_weights_irpropm(struct fann *ann, unsigned int first_weight, unsigned int past_end);

#define EPOCHS 6
#define WEIGHTS 3

int main(void)
{
    const double gradients[EPOCHS][WEIGHTS] = {
        {1.0, -1.0, 3.0},
        {2.0, -1.0, -3.0},
        {-1.0, -1.0, 3.0},
        {-1.0, -1.0, 3.0},
        {0.0, 1.0, 3.0},
        {1.0, 1.0, 3.0},
    };
    struct fann *ann = fann_create_standard(2, 2, 1); /* 2 inputs + bias -> 1 output: 3 connections */
    if (ann == NULL || ann->total_connections != WEIGHTS) {
        fprintf(stderr, "expected %d connections\n", WEIGHTS);
        return 1;
    }
    fann_clear_train_arrays(ann); /* steps = rprop_delta_zero, previous slopes = 0, as training starts */
    ann->weights[0] = 0.5;
    ann->weights[1] = 1499.9;
    ann->prev_steps[1] = 45.0;
    ann->weights[2] = -0.25;
    ann->prev_steps[2] = 0.0;

    printf("epoch weight gradient weight_after step_after previous_slope_after\n");
    for (int epoch = 0; epoch < EPOCHS; epoch++) {
        for (int i = 0; i < WEIGHTS; i++) {
            ann->train_slopes[i] = -gradients[epoch][i];
        }
        fann_update_weights_irpropm(ann, 0, WEIGHTS);
        for (int i = 0; i < WEIGHTS; i++) {
            printf("%d %d %.17g %.17g %.17g %.17g\n", epoch + 1, i, gradients[epoch][i], ann->weights[i],
                   ann->prev_steps[i], ann->prev_train_slopes[i]);
        }
    }
    fann_destroy(ann);
    return 0;
}
