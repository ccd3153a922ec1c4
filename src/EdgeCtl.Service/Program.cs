using System.CommandLine;
using EdgeCtl.Service.Cli;

// edgectl — the EdgeCtl service and its tools. Verbs:
//   run       an unattended campaign (Generic Host; configuration from appsettings.json, env, command line)
//   detect    particle detection on an image, or evaluation over a labelled folder
//   quantify  EDX quantification of a spectrum file
var root = new RootCommand("EdgeCtl: autonomous exploration of random nanoparticle libraries on a STEM.")
{
    RunVerb.Create(),
    DetectVerb.Create(),
    QuantifyVerb.Create(),
    SimulateVerb.Create(),
};
return await root.Parse(args).InvokeAsync();
