// A C interface over RTNeural's compile-time models, for the issue-22 benchmark's P/Invoke peer.
// Weights arrive in PyTorch's named_parameters order (weight_ih, weight_hh, bias_ih, bias_hh of the
// cell, then the Linear's weight and bias) and are rearranged the way RTNeural's torch_helpers do.
#include <RTNeural/RTNeural.h>
#include <vector>

namespace
{
constexpr int H = 16;

struct Peer
{
    virtual ~Peer() = default;
    virtual void reset() = 0;
    virtual void run(const float* in, float* out, int n) = 0;
};

template <typename Model>
struct PeerOf final : Peer
{
    Model model;
    void reset() override { model.reset(); }
    void run(const float* in, float* out, int n) override
    {
        for (int t = 0; t < n; ++t)
            out[t] = model.forward(in + t);
    }
};

using GruModel = RTNeural::ModelT<float, 1, 1, RTNeural::GRULayerT<float, 1, H>, RTNeural::DenseT<float, H, 1>>;
using LstmModel = RTNeural::ModelT<float, 1, 1, RTNeural::LSTMLayerT<float, 1, H>, RTNeural::DenseT<float, H, 1>>;

// A [rows, cols] row-major torch matrix, transposed to RTNeural's [cols][rows].
std::vector<std::vector<float>> transposed(const float*& p, int rows, int cols)
{
    std::vector<std::vector<float>> m(cols, std::vector<float>(rows));
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c)
            m[c][r] = *p++;
    return m;
}

std::vector<float> vector(const float*& p, int n)
{
    std::vector<float> v(p, p + n);
    p += n;
    return v;
}

// torch's GRU gates are r, z, n; RTNeural's z, r, n.
void swapRz(std::vector<float>& v)
{
    std::swap_ranges(v.begin(), v.begin() + H, v.begin() + H);
}

template <typename Dense>
void loadDense(const float*& p, Dense& dense)
{
    std::vector<std::vector<float>> w(1, vector(p, H));
    dense.setWeights(w);
    dense.setBias(p);
    p += 1;
}
}

#define EXPORT __attribute__((visibility("default")))
extern "C" {
EXPORT void* rtneural_gru16_create(const float* parameters)
{
    auto* peer = new PeerOf<GruModel>();
    const float* p = parameters;
    auto& gru = peer->model.template get<0>();
    auto w = transposed(p, 3 * H, 1);
    for (auto& row : w) swapRz(row);
    gru.setWVals(w);
    auto u = transposed(p, 3 * H, H);
    for (auto& row : u) swapRz(row);
    gru.setUVals(u);
    std::vector<std::vector<float>> b { vector(p, 3 * H), vector(p, 3 * H) };
    for (auto& row : b) swapRz(row);
    gru.setBVals(b);
    loadDense(p, peer->model.template get<1>());
    peer->model.reset();
    return peer;
}

EXPORT void* rtneural_lstm16_create(const float* parameters)
{
    auto* peer = new PeerOf<LstmModel>();
    const float* p = parameters;
    auto& lstm = peer->model.template get<0>();
    lstm.setWVals(transposed(p, 4 * H, 1));
    lstm.setUVals(transposed(p, 4 * H, H));
    std::vector<float> bih = vector(p, 4 * H), bhh = vector(p, 4 * H);
    for (int i = 0; i < 4 * H; ++i) bhh[i] += bih[i];
    lstm.setBVals(bhh);
    loadDense(p, peer->model.template get<1>());
    peer->model.reset();
    return peer;
}

EXPORT void rtneural_reset(void* peer) { static_cast<Peer*>(peer)->reset(); }
EXPORT void rtneural_run_steps(void* peer, const float* in, float* out, int n) { static_cast<Peer*>(peer)->run(in, out, n); }
EXPORT void rtneural_destroy(void* peer) { delete static_cast<Peer*>(peer); }
}
