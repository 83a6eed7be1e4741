namespace PatchLab;

/// <summary>
/// Something the user gave us is wrong (a bad file, option or source line). The message is one line that names
/// the place and the problem; the command line prints it and exits with code 2.
/// </summary>
public class UserInputException : Exception
{
    public UserInputException(string message) : base(message) { }
    public UserInputException(string message, Exception inner) : base(message, inner) { }
    public UserInputException() { }
}
