namespace EdgeCtl.Drivers;

/// <summary>Names a request in error messages ("AcquireImage #12") without formatting a string unless an error occurs.</summary>
internal readonly record struct RequestLabel(MessageType Type, uint Id)
{
    public override string ToString() => $"{Type} #{Id}";
}
