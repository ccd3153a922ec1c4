using EdgeCtl.Hil.Clock;
using EdgeCtl.Hil.Control;
using EdgeCtl.Hil.Numerics;
using EdgeCtl.Hil.Physics;
using EdgeCtl.Hil.Specimens;
using EdgeCtl.Hil.Stage;
using EdgeCtl.Realtime;

namespace EdgeCtl.Hil.ScanEngine;

/// <summary>
/// The scan engine and its detectors, independent of the wire: beam shift, blanking (the
/// <c>beam_blank</c> GPIO line), the interlock (<c>interlock_ok</c>), images and spectra of the specimen
/// at the stage position, retune, status. Every request costs the control overhead on the virtual
/// clock, an acquisition also its duration (image: width × height × dwell; spectrum: its seconds),
/// a retune <c>--retune-s</c>. One lock serialises all clients: the instrument does one thing at a
/// time. Refusals are <see cref="ScanRequestException"/>s (Error replies).
/// </summary>
public sealed class ScanInstrument
{
    private readonly Lock _gate = new();
    private readonly ISpecimen _specimen;
    private readonly VirtualInstrumentClock _clock;
    private readonly StageController _stage;
    private readonly GpioLines _gpio;
    private readonly double _retuneSeconds;
    private readonly Xoshiro256 _noise;
    private double _beamShiftXNm, _beamShiftYNm;
    private uint _lastError;

    /// <summary>Creates the instrument.</summary>
    /// <param name="specimen">What is in the microscope.</param>
    /// <param name="clock">The virtual clock.</param>
    /// <param name="stage">The stage (its position centres the FoV).</param>
    /// <param name="gpio">The emulated lines.</param>
    /// <param name="retuneSeconds">Duration of a Retune, instrument seconds.</param>
    /// <param name="seed">Seed of the detector noise stream.</param>
    public ScanInstrument(ISpecimen specimen, VirtualInstrumentClock clock, StageController stage, GpioLines gpio, double retuneSeconds, long seed)
    {
        _specimen = specimen;
        _clock = clock;
        _stage = stage;
        _gpio = gpio;
        _retuneSeconds = retuneSeconds;
        _noise = new Xoshiro256(seed, stream: 3);
    }

    /// <summary>Half the beam-shift range, nm.</summary>
    private double HalfRangeNm => _specimen.BeamShiftRangeUm * 500;

    /// <summary>Hello.</summary>
    public HelloInfo Hello()
    {
        lock (_gate)
        {
            double t = _clock.ChargeCommand();
            return new HelloInfo(_clock.Speedup, t, _specimen.BeamShiftRangeUm, _specimen.PreferredImageWidth,
                $"EdgeCtl HIL {_specimen.Name} ({string.Join(",", _specimen.Elements)})");
        }
    }

    /// <summary>SetBeamShift: Error 2 outside ± range/2. Returns T.</summary>
    public double SetBeamShift(BeamShiftRequest r)
    {
        lock (_gate)
        {
            double t = _clock.ChargeCommand();
            CheckInRange(r.XNm, r.YNm, "beam shift");
            _beamShiftXNm = r.XNm;
            _beamShiftYNm = r.YNm;
            return t;
        }
    }

    /// <summary>Retune: costs the retune time. Returns T.</summary>
    public double Retune()
    {
        lock (_gate) return _clock.ChargeCommand(_retuneSeconds);
    }

    /// <summary>BeamBlank: drives the <c>beam_blank</c> line. Returns T.</summary>
    public double BeamBlank(BeamBlankRequest r)
    {
        lock (_gate)
        {
            double t = _clock.ChargeCommand();
            _gpio.Set(GpioLines.BeamBlank, r.On);
            return t;
        }
    }

    /// <summary>Status.</summary>
    public StatusInfo Status()
    {
        lock (_gate)
        {
            double t = _clock.ChargeCommand();
            return new StatusInfo(t, _beamShiftXNm, _beamShiftYNm, _gpio.IsBeamBlanked, _gpio.IsInterlockOk, _lastError);
        }
    }

    /// <summary>Charges the control overhead of a request refused before execution (a refused command still costs it).</summary>
    public void ChargeRefused()
    {
        lock (_gate) _clock.ChargeCommand();
    }

    /// <summary>Records the code of an Error reply for Status (last_error_code).</summary>
    public void RecordError(ScanErrorCode code)
    {
        lock (_gate) _lastError = (uint)code;
    }

    /// <summary>AcquireImage at the stage position; the caller disposes the result. Error 4 while the interlock is open.</summary>
    public AcquiredImage AcquireImage(ImageRequest r)
    {
        lock (_gate)
        {
            _clock.ChargeCommand();
            CheckInterlock();
            var (sx, sy) = _stage.Position();
            var (cx, cy) = _specimen.FieldCentre(sx, sy);
            var geometry = new ImageGeometry(cx, cy, _specimen.PixelSizeNm(r.FovUm, r.Width), r.Width, r.Height);
            var image = new AcquiredImage(r.Width, r.Height)
            {
                Detector = r.Detector,
                PixelSizeNm = geometry.PixelSizeNm,
                CentreXUm = cx,
                CentreYUm = cy,
            };
            try
            {
                if (_gpio.IsBeamBlanked) DetectorDark.Image(r.DwellUs, image.Pixels, _noise);
                else _specimen.RenderImage(r.Detector, geometry, r.DwellUs, image.Pixels, _noise);
                image.EndSeconds = _clock.Advance((double)r.Width * r.Height * r.DwellUs * 1e-6);
                return image;
            }
            catch
            {
                image.Dispose();
                throw;
            }
        }
    }

    /// <summary>AcquireSpectrum at the probe position; the caller disposes the result. Error 2 outside the range, 4 while the interlock is open.</summary>
    public AcquiredSpectrum AcquireSpectrum(SpectrumRequest r)
    {
        lock (_gate)
        {
            _clock.ChargeCommand();
            CheckInRange(r.XNm, r.YNm, "probe position");
            CheckInterlock();
            var (sx, sy) = _stage.Position();
            var (cx, cy) = _specimen.FieldCentre(sx, sy);
            double px = cx + r.XNm / 1000, py = cy + r.YNm / 1000;
            bool blanked = _gpio.IsBeamBlanked;
            AcquiredSpectrum spectrum = r.Kind == SpectrumKind.Edx
                ? new AcquiredSpectrum(SpectrumKind.Edx, EdxSpectrumModel.Channels, EdxSpectrumModel.OffsetKeV, EdxSpectrumModel.ScaleKeV) { LiveSeconds = r.Seconds }
                : new AcquiredSpectrum(SpectrumKind.Eels, EelsEncoding.Channels, EelsEncoding.OffsetEv, EelsEncoding.ScaleEv) { LiveSeconds = r.Seconds };
            try
            {
                if (r.Kind == SpectrumKind.Edx)
                {
                    if (blanked) DetectorDark.Spectrum(DetectorDark.EdxDarkPerChannelPerSecond, r.Seconds, spectrum.Counts, _noise);
                    else _specimen.AcquireEdx(px, py, r.Seconds, spectrum.Counts, _noise);
                }
                else
                {
                    if (blanked) DetectorDark.Spectrum(DetectorDark.EelsDarkPerChannelPerSecond, r.Seconds, spectrum.Counts, _noise);
                    else EelsEncoding.Synthesize(_specimen.EelsTargetAt(px, py), r.Seconds, spectrum.Counts, _noise);
                }
                spectrum.EndSeconds = _clock.Advance(r.Seconds);
                return spectrum;
            }
            catch
            {
                spectrum.Dispose();
                throw;
            }
        }
    }

    private void CheckInRange(double xNm, double yNm, string what)
    {
        double half = HalfRangeNm;
        if (Math.Abs(xNm) > half || Math.Abs(yNm) > half)
            throw new ScanRequestException(ScanErrorCode.BeamShiftOutOfRange,
                $"{what} ({xNm:F1}, {yNm:F1}) nm outside the beam-shift range ±{half:F1} nm");
    }

    private void CheckInterlock()
    {
        if (!_gpio.IsInterlockOk)
            throw new ScanRequestException(ScanErrorCode.InterlockOpen, "interlock open (interlock_ok is low): acquisitions refused");
    }
}
