import CRMEnvCLI
import Foundation

exit(CLI.main())
