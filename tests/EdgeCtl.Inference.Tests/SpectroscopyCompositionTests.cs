using EdgeCtl.Inference.Spectroscopy;
using Xunit;

namespace EdgeCtl.Inference.Tests;

public sealed class SpectroscopyCompositionTests
{
    [Fact]
    public void Eqs_2_3_reestimate_the_element_with_largest_sigma()
    {
        // hand-computed: k = 1 (σ 0.05); c_1 = 1 − (0.6 + 0.2) = 0.2; σ_1 = sqrt(0.01² + 0.02²) = 0.0223607
        var est = CompositionUncertainty.Estimate([0.6, 0.3, 0.2], [0.01, 0.05, 0.02]);
        Assert.Equal(1, est.K);
        Assert.Equal(0.2, est.Fractions[1], 12);
        Assert.Equal(0.022360679774997897, est.Sigmas[1], 12);
        Assert.Equal(est.Sigmas[1], est.SigmaTotal, 15);
        Assert.Equal(0.6, est.Fractions[0], 15);
        Assert.Equal(0.02, est.Sigmas[2], 15);
    }

    [Fact]
    public void Eqs_2_3_reject_bad_input()
    {
        Assert.Throws<ArgumentException>(() => CompositionUncertainty.Estimate([0.5, 0.5], [0.1]));
        Assert.Throws<ArgumentException>(() => CompositionUncertainty.Estimate([0.5, double.NaN], [0.1, 0.1]));
        Assert.Throws<ArgumentException>(() => CompositionUncertainty.Estimate([0.5, 0.5], [0.1, -0.1]));
    }

    private static CompositionClassifier ThreeClasses() => new(["Fe", "Pt"],
    [
        new CompositionClass("FePt", [0.5, 0.5], 0.05),
        new CompositionClass("Fe3Pt", [0.75, 0.25], 0.05),
        new CompositionClass("FePt3", [0.25, 0.75], 0.05),
    ]);

    [Fact]
    public void Composition_classifier_prefers_the_nearest_class_and_matches_hand_computation()
    {
        var p = ThreeClasses().Classify([0.52, 0.48], [0.03, 0.04]);
        Assert.Equal(1.0, p.Sum(x => x.Probability), 12);
        Assert.Equal("FePt", p.MaxBy(x => x.Probability)!.Name);
        // k = Pt (largest σ) is left out; only Fe enters. v = 0.03² + 0.05² = 0.0034 for every class.
        double v = 0.0034;
        double l0 = -Math.Pow(0.52 - 0.5, 2) / (2 * v), l1 = -Math.Pow(0.52 - 0.75, 2) / (2 * v), l2 = -Math.Pow(0.52 - 0.25, 2) / (2 * v);
        double z = Math.Exp(l0) + Math.Exp(l1) + Math.Exp(l2);
        Assert.Equal(Math.Exp(l0) / z, p[0].Probability, 10);
        Assert.Equal(Math.Exp(l1) / z, p[1].Probability, 10);
    }

    [Fact]
    public void Composition_classifier_is_undecided_halfway_and_uses_the_class_width()
    {
        var c = ThreeClasses();
        var mid = c.Classify([0.625, 0.375], [0.02, 0.03]);
        Assert.Equal(mid[0].Probability, mid[1].Probability, 10);
        Assert.True(mid[2].Probability < 1e-3);
        // a wide class absorbs a distant measurement better than a narrow one
        var wide = new CompositionClassifier(["A", "B"], [new("narrow", [0.5, 0.5], 0.01), new("wide", [0.5, 0.5], 0.3)]);
        var far = wide.Classify([0.8, 0.2], [0.01, 0.02]);
        Assert.True(far[1].Probability > 0.99);
        Assert.Throws<ArgumentException>(() => new CompositionClassifier(["A", "B"], [new("bad", [0.6, 0.6], 0.1)]));
        Assert.Throws<ArgumentException>(() => c.Classify([0.5], [0.1]));
    }

    [Fact]
    public void Spectrum_classifier_attributes_a_poisson_draw_to_its_model()
    {
        int n = 400;
        double[] Model(double centre)
        {
            var m = new double[n];
            for (int i = 0; i < n; i++) m[i] = 1 + 20 * Math.Exp(-0.5 * Math.Pow((i - centre) / 6.0, 2));
            return m;
        }
        var models = new[] { Model(100), Model(200), Model(300) };
        var classifier = new CompositionClassifier(["X", "Y"],
            [new("a", [1, 0], 0), new("b", [0.5, 0.5], 0), new("c", [0, 1], 0)]);
        var rng = new Random(3);
        var counts = new double[n];
        for (int i = 0; i < n; i++) counts[i] = SpectroscopySyntheticEdxTests.Poisson(rng, 0.5 * models[1][i]);
        var p = classifier.ClassifySpectrum(counts, models);
        Assert.True(p[1].Probability > 0.99, $"P(b) = {p[1].Probability}");
        Assert.Equal(1.0, p.Sum(x => x.Probability), 12);
        counts[0] = double.NaN;
        Assert.Throws<ArgumentException>(() => classifier.ClassifySpectrum(counts, models));
    }
}
