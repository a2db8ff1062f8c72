import Foundation
import MantisDesktop

exit(DesktopApp.main())
