using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Double;

namespace EdgeCtl.Inference.Spectroscopy;

/// <summary>
/// Fits one EDX spectrum axis (channel count, offset, gain) with one <see cref="EdxModelLayout"/>: a linear model
/// y ≈ A(δ, g)·x (Bernstein-modulated Kramers background columns + one Gaussian "family" column per subshell component, line positions
/// δ + g·E_line on the axis, widths from the Fiori FWHM) by weighted non-negative least squares, inside an outer
/// search over the energy offset δ and relative gain g.
/// </summary>
/// <remarks>
/// <para>Algorithm, per <see cref="Fit"/>:</para>
/// <list type="number">
/// <item>Weights w = 1/max(counts, 1). For each (δ, g) of a grid (δ in ±<see cref="EdxQuantifierOptions.OffsetSearchKeV"/>
/// in 10 eV steps, g in 1 ± <see cref="EdxQuantifierOptions.GainSearch"/> in 5 steps) the peak columns are rebuilt,
/// G = AᵀWA and b = AᵀWy accumulated over each column's support, and the NNLS problem solved
/// (<see cref="NonNegativeLeastSquares"/>; background columns free, peaks ≥ 0, warm-started). The best χ² point is
/// refined by a compass (pattern) search down to 0.5 eV and 1e-4 in gain. With
/// <see cref="EdxQuantifierOptions.RefineDetectorFwhm"/> the detector FWHM factor (grid 0.9–1.2, search 0.8–1.4) is a
/// third coordinate.</item>
/// <item>At the best (δ, g): <see cref="EdxQuantifierOptions.PoissonReweightIterations"/> re-weighting passes with
/// w = 1/max(model, 0.1) (iteratively re-weighted least squares, whose fixed point is the Poisson maximum-likelihood fit).</item>
/// <item>Covariance of the amplitudes: (AᵀWA)⁻¹ scaled by max(1, χ²/ν) (reduced Pearson χ² with the final weights).</item>
/// </list>
/// <para>Amplitudes are net counts of the whole subshell (all its lines). All buffers — the m×p design matrix (a MathNet
/// <see cref="DenseMatrix"/>), G, the covariance and the NNLS work arrays — are allocated in the constructor, so
/// <see cref="Fit"/> allocates nothing. Not thread-safe: one fitter per thread.</para>
/// </remarks>
public sealed class EdxSpectrumFitter
{
    private const double ModelWeightFloor = 0.1;
    private readonly EdxModelLayout _layout;
    private readonly EdxQuantifierOptions _options;
    private readonly int _m, _p, _nb;
    private readonly DenseMatrix _design;     // m×p, column-major
    private readonly double[] _a;
    private readonly int[] _colLo, _colHi;
    private readonly double[] _energy, _y, _w, _mu;
    private readonly DenseMatrix _g;          // p×p (symmetric)
    private readonly double[] _gv;
    private readonly double[] _b, _x, _bestX, _col;
    private readonly bool[] _constrained;
    private readonly double[] _chol;
    private readonly DenseMatrix _cov;
    private readonly NonNegativeLeastSquares _nnls;

    /// <summary>Prepares buffers for spectra with this axis.</summary>
    /// <param name="layout">Components and background.</param>
    /// <param name="options">Search ranges, re-weighting, beam energy.</param>
    /// <param name="channels">Channels of the spectra to fit.</param>
    /// <param name="axisOffsetKeV">Energy of channel 0, keV.</param>
    /// <param name="axisScaleKeV">Channel width, keV.</param>
    /// <exception cref="ArgumentException">The window holds fewer channels than 3 × parameters.</exception>
    public EdxSpectrumFitter(EdxModelLayout layout, EdxQuantifierOptions options, int channels, double axisOffsetKeV, double axisScaleKeV)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(options);
        _layout = layout;
        _options = options;
        Channels = channels;
        AxisOffsetKeV = axisOffsetKeV;
        AxisScaleKeV = axisScaleKeV;
        int lo = Math.Max(0, (int)Math.Ceiling((layout.WindowMinKeV - axisOffsetKeV) / axisScaleKeV - 1e-9));
        int hi = Math.Min(channels - 1, (int)Math.Floor((layout.WindowMaxKeV - axisOffsetKeV) / axisScaleKeV + 1e-9));
        FirstChannel = lo;
        _m = hi - lo + 1;
        _nb = layout.BackgroundCount;
        _p = layout.ParameterCount;
        if (_m < 3 * _p)
            throw new ArgumentException($"EDX fit window {layout.WindowMinKeV:0.###}–{layout.WindowMaxKeV:0.###} keV holds {Math.Max(_m, 0)} channels of this spectrum (offset {axisOffsetKeV} keV, {axisScaleKeV} keV/ch, {channels} ch); need at least {3 * _p} for {_p} parameters.");
        _design = new DenseMatrix(_m, _p);
        _a = _design.Values;
        _colLo = new int[_p];
        _colHi = new int[_p];
        _energy = new double[_m];
        _y = new double[_m];
        _w = new double[_m];
        _mu = new double[_m];
        _g = new DenseMatrix(_p, _p);
        _gv = _g.Values;
        _b = new double[_p];
        _x = new double[_p];
        _bestX = new double[_p];
        _col = new double[_p];
        _constrained = new bool[_p];
        _chol = new double[_p * _p];
        _cov = new DenseMatrix(_p, _p);
        _nnls = new NonNegativeLeastSquares(_p);
        for (int r = 0; r < _m; r++) _energy[r] = axisOffsetKeV + (lo + r) * axisScaleKeV;
        BuildBackground();
        for (int j = 0; j < _nb; j++) _constrained[j] = options.NonNegativeBackground;
        for (int j = _nb; j < _p; j++) { _constrained[j] = true; _colLo[j] = 0; _colHi[j] = -1; }
    }

    /// <summary>The layout fitted.</summary>
    public EdxModelLayout Layout => _layout;
    /// <summary>Channels of the spectra this fitter accepts.</summary>
    public int Channels { get; }
    /// <summary>Axis offset, keV.</summary>
    public double AxisOffsetKeV { get; }
    /// <summary>Axis channel width, keV.</summary>
    public double AxisScaleKeV { get; }
    /// <summary>First channel inside the fit window.</summary>
    public int FirstChannel { get; }
    /// <summary>Number of channels inside the fit window (m).</summary>
    public int WindowChannels => _m;
    /// <summary>Fitted energy offset δ, keV: a line of true energy E sits at δ + g·E on the spectrum's axis.</summary>
    public double OffsetKeV { get; private set; }
    /// <summary>Detector FWHM at Mn Kα used by the final fit, eV (refined when <see cref="EdxQuantifierOptions.RefineDetectorFwhm"/>).</summary>
    public double DetectorFwhmMnKaEv { get; private set; }
    /// <summary>Fitted relative gain g (1 = nominal).</summary>
    public double Gain { get; private set; } = 1.0;
    /// <summary>Pearson χ² of the final fit.</summary>
    public double ChiSquare { get; private set; }
    /// <summary>Degrees of freedom ν = m − (free + non-zero parameters).</summary>
    public int DegreesOfFreedom { get; private set; }
    /// <summary>χ²/ν.</summary>
    public double ReducedChiSquare => DegreesOfFreedom > 0 ? ChiSquare / DegreesOfFreedom : double.NaN;
    /// <summary>Number of linear fits evaluated by the last <see cref="Fit"/>.</summary>
    public int Evaluations { get; private set; }
    /// <summary>Factor applied to (AᵀWA)⁻¹: max(1, χ²/ν).</summary>
    public double CovarianceScale { get; private set; } = 1.0;
    /// <summary>Fitted model over the window (length <see cref="WindowChannels"/>, counts per channel).</summary>
    public ReadOnlySpan<double> Model => _mu;
    /// <summary>Unscaled (AᵀWA)⁻¹, p×p (background first, then components); multiply by <see cref="CovarianceScale"/>.</summary>
    public Matrix<double> UnscaledCovariance => _cov;

    /// <summary>Net counts of a component (all lines of its subshell).</summary>
    public double Amplitude(EdxModelComponent c) => _x[c.Column];
    /// <summary>Scaled covariance of two components' amplitudes, counts².</summary>
    public double Covariance(EdxModelComponent a, EdxModelComponent b) => CovarianceScale * _cov[a.Column, b.Column];

    /// <summary>Runs the fit (see class remarks). Allocates nothing.</summary>
    /// <param name="counts">Counts per channel, length <see cref="Channels"/>; finite and ≥ 0.</param>
    /// <exception cref="ArgumentException">Wrong length, or a NaN/infinite/negative count (names the channel).</exception>
    public void Fit(ReadOnlySpan<double> counts)
    {
        if (counts.Length != Channels)
            throw new ArgumentException($"Spectrum has {counts.Length} channels; this fitter was built for {Channels}.", nameof(counts));
        for (int i = 0; i < counts.Length; i++)
        {
            double c = counts[i];
            if (!double.IsFinite(c) || c < 0)
                throw new ArgumentException($"Spectrum counts[{i}] = {c}: counts must be finite and non-negative.", nameof(counts));
        }
        double yWy = 0;
        for (int r = 0; r < _m; r++)
        {
            double y = counts[FirstChannel + r];
            _y[r] = y;
            _w[r] = 1.0 / Math.Max(y, 1.0);
            yWy += _w[r] * y * y;
        }
        Array.Clear(_x);
        Evaluations = 0;

        double bestD = 0, bestG = 1, bestF = 1, best;
        bool refineF = _options.RefineDetectorFwhm;
        if (_options.RefineCalibration && (_options.OffsetSearchKeV > 0 || _options.GainSearch > 0) || refineF)
        {
            double range = _options.RefineCalibration ? _options.OffsetSearchKeV : 0;
            double gr = _options.RefineCalibration ? _options.GainSearch : 0;
            int nOff = range > 0 ? (int)Math.Round(range / 0.01) : 0;
            double stepD = range > 0 ? range / nOff : 0;
            best = double.PositiveInfinity;
            for (int fi = refineF ? -1 : 0; fi <= (refineF ? 2 : 0); fi++)
            {
                double f = 1 + 0.1 * fi;
                for (int gi = -2; gi <= 2; gi++)
                {
                    if (gr == 0 && gi != 0) continue;
                    double g = 1 + gi * gr / 2;
                    for (int di = -nOff; di <= nOff; di++)
                    {
                        double d = di * stepD;
                        double chi = Evaluate(d, g, f, yWy);
                        if (chi < best) { best = chi; bestD = d; bestG = g; bestF = f; _x.CopyTo(_bestX, 0); }
                    }
                }
            }
            // compass (pattern) search over (δ, g[, f])
            double sd = range > 0 ? Math.Max(stepD / 2, 0.0005) : 0, sg = gr > 0 ? Math.Max(gr / 4, 1e-4) : 0, sf = refineF ? 0.05 : 0;
            for (int iter = 0; iter < 120 && (sd >= 0.0005 || sg >= 1e-4 || sf >= 0.005); iter++)
            {
                bool moved = false;
                for (int dir = 0; dir < 6; dir++)
                {
                    double step = dir < 2 ? sd : dir < 4 ? sg : sf;
                    if (step == 0) continue;
                    double sign = (dir & 1) == 0 ? 1 : -1;
                    double d = bestD + (dir < 2 ? sign * step : 0);
                    double g = bestG + (dir is 2 or 3 ? sign * step : 0);
                    double f = bestF + (dir >= 4 ? sign * step : 0);
                    if (Math.Abs(d) > range + 1e-12 || Math.Abs(g - 1) > gr + 1e-12 || f < 0.8 - 1e-12 || f > 1.4 + 1e-12) continue;
                    _bestX.CopyTo(_x, 0);
                    double chi = Evaluate(d, g, f, yWy);
                    if (chi < best - 1e-9 * Math.Abs(best)) { best = chi; bestD = d; bestG = g; bestF = f; _x.CopyTo(_bestX, 0); moved = true; break; }
                }
                if (!moved) { sd /= 2; sg /= 2; sf /= 2; }
            }
            _bestX.CopyTo(_x, 0);
        }
        OffsetKeV = bestD;
        Gain = bestG;
        DetectorFwhmMnKaEv = bestF * _options.DetectorFwhmMnKaEv;
        Evaluate(bestD, bestG, bestF, yWy);

        for (int it = 0; it < _options.PoissonReweightIterations; it++)
        {
            ComputeModel();
            for (int r = 0; r < _m; r++) _w[r] = 1.0 / Math.Max(_mu[r], ModelWeightFloor);
            Accumulate();
            _nnls.Solve(_gv, _b, _constrained, _x);
            Evaluations++;
        }
        ComputeModel();
        double chi2 = 0;
        for (int r = 0; r < _m; r++)
        {
            double d = _y[r] - _mu[r];
            double w = _options.PoissonReweightIterations > 0 ? 1.0 / Math.Max(_mu[r], ModelWeightFloor) : _w[r];
            chi2 += w * d * d;
        }
        int used = 0;
        for (int j = 0; j < _p; j++) if (!_constrained[j] || _x[j] > 0) used++;
        ChiSquare = chi2;
        DegreesOfFreedom = Math.Max(1, _m - used);
        CovarianceScale = Math.Max(1.0, ReducedChiSquare);

        _gv.AsSpan().CopyTo(_chol);
        CholeskyInPlace.Factor(_chol, _p);
        CholeskyInPlace.Invert(_chol, _p, _cov.Values, _col);
    }

    private double Evaluate(double offset, double gain, double fwhmFactor, double yWy)
    {
        BuildPeaks(offset, gain, fwhmFactor * _options.DetectorFwhmMnKaEv);
        Accumulate();
        _nnls.Solve(_gv, _b, _constrained, _x);
        Evaluations++;
        // χ² = yᵀWy − 2 xᵀb + xᵀGx
        double xb = 0, xgx = 0;
        for (int j = 0; j < _p; j++)
        {
            double xj = _x[j];
            if (xj == 0) continue;
            xb += xj * _b[j];
            double s = 0;
            int row = j * _p;
            for (int k = 0; k < _p; k++) s += _gv[row + k] * _x[k];
            xgx += xj * s;
        }
        return yWy - 2 * xb + xgx;
    }

    private void BuildBackground()
    {
        double eMin = _energy[0], eMax = _energy[_m - 1];
        double beam = _options.BeamEnergyKeV;
        int n = _nb - 1;
        for (int j = 0; j < _nb; j++)
        {
            int c0 = j * _m;
            double binom = 1;
            for (int t = 1; t <= j; t++) binom = binom * (n - t + 1) / t;
            double max = 0;
            for (int r = 0; r < _m; r++)
            {
                double e = Math.Max(_energy[r], 1e-3);
                double x = n == 0 ? 0 : (_energy[r] - eMin) / (eMax - eMin);
                double v = EdxPhysics.KramersShape(e, beam) * binom * Math.Pow(x, j) * Math.Pow(1 - x, n - j);
                _a[c0 + r] = v;
                max = Math.Max(max, Math.Abs(v));
            }
            if (max > 0) for (int r = 0; r < _m; r++) _a[c0 + r] /= max;
            _colLo[j] = 0;
            _colHi[j] = _m - 1;
        }
    }

    private void BuildPeaks(double offset, double gain, double fwhmMnKaEv)
    {
        const double InvSqrt2Pi = 0.3989422804014327;
        double e0 = _energy[0], scale = AxisScaleKeV;
        var comps = _layout.Components;
        for (int ci = 0; ci < comps.Count; ci++)
        {
            var comp = comps[ci];
            int j = comp.Column, c0 = j * _m;
            for (int r = _colLo[j]; r <= _colHi[j]; r++) _a[c0 + r] = 0;
            int lo = int.MaxValue, hi = -1;
            var en = comp.LineEnergiesKeV;
            var sh = comp.LineShares;
            for (int l = 0; l < en.Length; l++)
            {
                double centre = offset + gain * en[l];
                double sigma = gain * EdxPhysics.SigmaFromFwhm(EdxPhysics.FwhmKeV(en[l], fwhmMnKaEv));
                int r0 = Math.Max(0, (int)Math.Floor((centre - 5 * sigma - e0) / scale));
                int r1 = Math.Min(_m - 1, (int)Math.Ceiling((centre + 5 * sigma - e0) / scale));
                if (r1 < r0) continue;
                double amp = sh[l] * scale * InvSqrt2Pi / sigma;
                double inv = 1.0 / sigma;
                for (int r = r0; r <= r1; r++)
                {
                    double z = (_energy[r] - centre) * inv;
                    _a[c0 + r] += amp * Math.Exp(-0.5 * z * z);
                }
                if (r0 < lo) lo = r0;
                if (r1 > hi) hi = r1;
            }
            if (hi < 0) { _colLo[j] = 0; _colHi[j] = -1; }
            else { _colLo[j] = lo; _colHi[j] = hi; }
        }
    }

    private void Accumulate()
    {
        for (int j = 0; j < _p; j++)
        {
            int cj = j * _m, lj = _colLo[j], hj = _colHi[j];
            double bj = 0;
            for (int r = lj; r <= hj; r++) bj += _w[r] * _a[cj + r] * _y[r];
            _b[j] = bj;
            for (int k = j; k < _p; k++)
            {
                int ck = k * _m;
                int lo = Math.Max(lj, _colLo[k]), hi = Math.Min(hj, _colHi[k]);
                double s = 0;
                for (int r = lo; r <= hi; r++) s += _w[r] * _a[cj + r] * _a[ck + r];
                _gv[j * _p + k] = s;
                _gv[k * _p + j] = s;
            }
        }
    }

    private void ComputeModel()
    {
        Array.Clear(_mu);
        for (int j = 0; j < _p; j++)
        {
            double xj = _x[j];
            if (xj == 0) continue;
            int cj = j * _m;
            for (int r = _colLo[j]; r <= _colHi[j]; r++) _mu[r] += xj * _a[cj + r];
        }
    }
}
