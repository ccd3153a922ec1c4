using EdgeCtl.Service.Campaign;
using EdgeCtl.Service.Configuration;
using Xunit;

namespace EdgeCtl.Service.Tests;

/// <summary>How the campaign chooses the overview FoV and frame size for its particle detector (issue 3).</summary>
public sealed class OverviewPlanTests
{
    [Fact]
    public void Without_a_particle_size_the_plan_is_the_beam_shift_range_at_the_pixel_size_rule_whatever_the_detector()
    {
        foreach (var detector in new[] { "auto", "classical" })
        {
            var plan = OverviewPlanner.Plan(new AcquisitionOptions(), 30, 0, 300 * 300, detector);
            Assert.Equal(30, plan.FovUm);
            Assert.Equal(2048, plan.Pixels); // 30 µm at ≤ 15 nm/px (the section IV.3 campaign, unchanged)
        }
    }

    [Fact]
    public void Sam_zooms_so_the_expected_diameter_spans_64_px_of_its_1024_px_encoder_frame()
    {
        var a = new AcquisitionOptions { ExpectedParticleDiameterNm = 4 };
        var plan = OverviewPlanner.Plan(a, 0.1, 0, 0.5 * 0.5, "auto");
        Assert.Equal(0.064, plan.FovUm, 12);     // 4 nm × 1024 / 64
        Assert.Equal(1024, plan.Pixels);
        Assert.Equal(64, 4 / plan.PixelSizeNm, 9);
        Assert.Contains("resolved", plan.Reason);

        // The beam-shift range caps the zoom-out: particles too large for it still get the range.
        var wide = OverviewPlanner.Plan(new AcquisitionOptions { ExpectedParticleDiameterNm = 40 }, 0.1, 0, 0.25, "sam");
        Assert.Equal(0.1, wide.FovUm);
        Assert.Equal(1024, wide.Pixels);
    }

    [Fact]
    public void Classical_keeps_the_range_and_samples_the_diameter_with_at_least_4_px()
    {
        var plan = OverviewPlanner.Plan(new AcquisitionOptions { ExpectedParticleDiameterNm = 40 }, 30, 0, 300 * 300, "classical");
        Assert.Equal(30, plan.FovUm);
        Assert.Equal(4096, plan.Pixels); // 30 µm at ≤ 10 nm/px → 4096 (the cap)
        Assert.True(40 / plan.PixelSizeNm >= 4);
    }

    [Fact]
    public void Zoom_never_cuts_the_stage_range_into_more_than_the_region_limit_and_says_when_sam_cannot_resolve()
    {
        // 40 nm particles on the 300 µm section IV.3 specimen: SAM's zoom (0.64 µm) would make 220 000 regions.
        var plan = OverviewPlanner.Plan(new AcquisitionOptions { ExpectedParticleDiameterNm = 40 }, 30, 0, 300 * 300, "auto");
        Assert.Equal(3, plan.FovUm, 9); // sqrt(90 000 µm² / 10 000)
        Assert.Contains("only", plan.Reason); // 40 nm over 3 µm is ~14 encoder px: left to the classical detector
    }

    [Fact]
    public void Configured_fov_and_frame_and_the_instruments_native_width_take_precedence()
    {
        var a = new AcquisitionOptions { ExpectedParticleDiameterNm = 4, OverviewFovUm = 0.05, OverviewPixels = 512 };
        var plan = OverviewPlanner.Plan(a, 0.1, 0, 0.25, "auto");
        Assert.Equal((0.05, 512), (plan.FovUm, plan.Pixels));
        var replay = OverviewPlanner.Plan(new AcquisitionOptions { ExpectedParticleDiameterNm = 30 }, 0.547, 64, 1.2, "auto");
        Assert.Equal((0.547, 64), (replay.FovUm, replay.Pixels));
    }
}
